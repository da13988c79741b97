namespace Sala.Cli.Client;

internal enum AnswerMode
{
    Ask,
    Yes,
    No,
}

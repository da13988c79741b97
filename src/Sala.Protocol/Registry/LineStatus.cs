namespace Sala.Protocol.Registry;

public enum LineStatus
{
    Complete,
    NeedMoreData,
    TooLong,
}

using Sala.Media.Analysis;

namespace Sala.Media.Processing;

/// <summary>
/// Takes off, band by band, the echo an adaptive filter left in the microphone's signal. What such a filter leaves
/// wobbles from one 5 ms to the next as the filter adapts, so it is not predicted from the filter's own estimate but
/// learned from what the speaker played: for each band, a small adaptive filter on power (not on the waveform) maps
/// the last 320 ms of played power to the power left over. Each band is then attenuated by what that predicts
/// against what is there, so the near end's voice, which the speaker never played, goes through; while it talks
/// (far more is there than predicted) the prediction stops learning and the attenuation is capped.
/// Runs on 10 ms windows every 5 ms (overlap-add), so its output is <see cref="DelaySamples"/> late. Allocates
/// nothing per frame; not thread-safe.
/// </summary>
internal sealed class ResidualEchoSuppressor
{
    /// <summary>How late the output is against the input, in samples (one hop).</summary>
    public const int DelaySamples = Hop;

    private const int Hop = 240;
    private const int Window = 2 * Hop;
    private const int FftSize = 512;
    private const int Bins = (FftSize / 2) + 1;

    // The played power of the last 64 hops (320 ms) predicts a band's residual: the filter's own length of echo path.
    private const int HistoryHops = 64;
    private const double InitialWeight = 0.001;
    private const double MinWeight = 1e-7;
    private const double MaxWeight = 1;

    // The prediction learns in the log domain, rising 9 times faster than it falls, so it settles near the 90th
    // percentile of the residual, not at its mean (which speech's loud onsets would pull far up) nor its median
    // (which half the residual would exceed). Each step moves it by at most 5 % of an error capped at e^3.
    private const double LearningRate = 0.05;
    private const double RiseWeight = 9;
    private const double MaxLogError = 3;

    // A band whose played and predicted power together stay under this (about -75 dBFS) holds nothing to learn from.
    private const double SilentPower = 1e5;

    // The residual is taken as 12 times (11 dB over) its prediction: what is there beyond that is the near end's.
    private const double Overestimate = 12;
    private const double MinGain = 0.001;

    // More than 4 times (6 dB over) the prediction over all bands together: the near end talks, and stays taken to
    // talk for 100 ms after; meanwhile no band loses more than 13 dB, so the quieter parts of their voice get through.
    private const double NearEndRatio = 4;
    private const int NearEndHangoverHops = 20;
    private const double NearEndMinGain = 0.05;

    // A band's gain falls at once and recovers by half the way each hop.
    private const double GainRelease = 0.5;

    private readonly double[] _window = new double[Window];
    private readonly double[] _signal = new double[Window];
    private readonly double[] _played = new double[Window];
    private readonly double[] _overlap = new double[Hop];
    private readonly double[] _re = new double[FftSize];
    private readonly double[] _im = new double[FftSize];
    private readonly double[] _playedRe = new double[FftSize];
    private readonly double[] _playedIm = new double[FftSize];
    private readonly int[] _bandOf = new int[Bins];
    private readonly int _bands;
    private readonly double[] _bandSignal;
    private readonly double[] _bandPlayed;
    private readonly double[] _bandResidual;
    private readonly double[] _bandSuppressed;
    private readonly double[] _bandGain;

    // Each band's played power over the last HistoryHops hops (a ring, newest at _newest), and the weights that turn
    // it into the residual's.
    private readonly double[] _history;
    private readonly double[] _weights;
    private int _newest;
    private int _nearEndHops;
    private double _echoPresence = 1;

    public ResidualEchoSuppressor()
    {
        for (var n = 0; n < Window; n++)
            _window[n] = Math.Sqrt(0.5 - (0.5 * Math.Cos(2 * Math.PI * n / Window)));

        // A band per bin under 500 Hz, a third of an octave above: speech's formants stay apart, and a band's power
        // is steady enough to learn from.
        var band = 0;
        var bandStart = 0;
        for (var k = 0; k < Bins; k++)
        {
            if (k > 1 && (k * (double)AudioFormat.SampleRate / FftSize < 500 || k > bandStart * 1.26))
            {
                band++;
                bandStart = k;
            }

            _bandOf[k] = band;
        }

        _bands = band + 1;
        _bandSignal = new double[_bands];
        _bandPlayed = new double[_bands];
        _bandResidual = new double[_bands];
        _bandSuppressed = new double[_bands];
        _bandGain = new double[_bands];
        Array.Fill(_bandGain, 1.0);
        _history = new double[_bands * HistoryHops];
        _weights = new double[_bands * HistoryHops];
        Array.Fill(_weights, InitialWeight);
    }

    /// <summary>Whether the near end was taken to talk at the last hop.</summary>
    public bool NearEndTalks => _nearEndHops > 0;

    /// <summary>
    /// Suppresses the echo left in <paramref name="signal"/> (the filter's output), given <paramref name="played"/> (what
    /// the speaker played in the same time), into <paramref name="output"/>, <see cref="DelaySamples"/> late. All three
    /// the same length, a multiple of 240 samples; <paramref name="output"/> may be <paramref name="signal"/>'s memory.
    /// <paramref name="echoPresence"/>, 0 to 1, scales the residual taken to be there: 0 where the filter finds no echo
    /// at all, so that nothing the speaker plays takes anything off a microphone that does not hear it.
    /// </summary>
    public void Process(ReadOnlySpan<short> signal, ReadOnlySpan<short> played, double echoPresence, Span<short> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(echoPresence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(echoPresence, 1);
        _echoPresence = echoPresence;
        if (signal.Length % Hop != 0 || played.Length != signal.Length || output.Length != signal.Length)
            throw new ArgumentException($"The signal, played and output must be one length, a multiple of {Hop} samples.");

        for (var start = 0; start < signal.Length; start += Hop)
        {
            Array.Copy(_signal, Hop, _signal, 0, Hop);
            Array.Copy(_played, Hop, _played, 0, Hop);
            for (var n = 0; n < Hop; n++)
            {
                _signal[Hop + n] = signal[start + n];
                _played[Hop + n] = played[start + n];
            }

            ProcessWindow();
            for (var n = 0; n < Hop; n++)
                output[start + n] = (short)Math.Clamp(Math.Round(_re[n]), short.MinValue, short.MaxValue);
        }
    }

    // Leaves the next Hop samples of output in _re[0..Hop).
    private void ProcessWindow()
    {
        Transform(_signal, _re, _im);
        Transform(_played, _playedRe, _playedIm);
        Array.Clear(_bandSignal);
        Array.Clear(_bandPlayed);
        for (var k = 0; k < Bins; k++)
        {
            _bandSignal[_bandOf[k]] += (_re[k] * _re[k]) + (_im[k] * _im[k]);
            _bandPlayed[_bandOf[k]] += (_playedRe[k] * _playedRe[k]) + (_playedIm[k] * _playedIm[k]);
        }

        _newest = (_newest + 1) % HistoryHops;
        for (var b = 0; b < _bands; b++)
            _history[(b * HistoryHops) + _newest] = _bandPlayed[b];

        var present = 0.0;
        var predicted = 0.0;
        for (var b = 0; b < _bands; b++)
        {
            _bandResidual[b] = Predict(b);
            present += _bandSignal[b];
            predicted += _bandResidual[b];
        }

        // Learning goes on from the whole prediction; what is suppressed is only what the filter vouches for.
        for (var b = 0; b < _bands; b++)
            _bandSuppressed[b] = _echoPresence * _bandResidual[b];

        if (predicted > SilentPower && present > NearEndRatio * predicted)
            _nearEndHops = NearEndHangoverHops;
        else if (_nearEndHops > 0)
            _nearEndHops--;

        if (!NearEndTalks)
        {
            for (var b = 0; b < _bands; b++)
                Learn(b);
        }

        var minGain = NearEndTalks ? NearEndMinGain : MinGain;
        for (var b = 0; b < _bands; b++)
        {
            var target = _bandSignal[b] > 0 ? Math.Clamp(1 - (Overestimate * _bandSuppressed[b] / _bandSignal[b]), minGain, 1) : 1;
            _bandGain[b] = target < _bandGain[b] ? target : _bandGain[b] + (GainRelease * (target - _bandGain[b]));
        }

        for (var k = 0; k < Bins; k++)
        {
            // The gains are on power; the spectrum takes their square root.
            var gain = Math.Sqrt(_bandGain[_bandOf[k]]);
            _re[k] *= gain;
            _im[k] *= gain;
            if (k > 0 && k < Bins - 1)
            {
                _re[FftSize - k] = _re[k];
                _im[FftSize - k] = -_im[k];
            }
        }

        Fft.Transform(_re, _im, inverse: true);
        for (var n = 0; n < Window; n++)
            _re[n] = _re[n] / FftSize * _window[n];
        for (var n = 0; n < Hop; n++)
        {
            var first = _re[n] + _overlap[n];
            _overlap[n] = _re[Hop + n];
            _re[n] = first;
        }
    }

    private double Predict(int band)
    {
        var row = band * HistoryHops;
        var sum = 0.0;
        for (var j = 0; j < HistoryHops; j++)
            sum += _weights[row + j] * _history[row + ((_newest - j + HistoryHops) % HistoryHops)];
        return sum;
    }

    // Each weight moves multiplicatively by its share of the prediction, so weights stay positive and a band's
    // prediction moves by about LearningRate times the (weighted, capped) log error.
    private void Learn(int band)
    {
        var predicted = _bandResidual[band];
        if (predicted <= 0 || _bandSignal[band] <= 0 || _bandPlayed[band] + predicted <= SilentPower)
            return;
        var error = Math.Clamp(Math.Log(_bandSignal[band] / predicted), -MaxLogError, MaxLogError);
        if (error > 0)
            error *= RiseWeight;
        var rate = LearningRate * error / predicted;
        var row = band * HistoryHops;
        for (var j = 0; j < HistoryHops; j++)
        {
            var share = _weights[row + j] * _history[row + ((_newest - j + HistoryHops) % HistoryHops)];
            _weights[row + j] = Math.Clamp(_weights[row + j] * Math.Exp(rate * share), MinWeight, MaxWeight);
        }
    }

    private void Transform(double[] samples, double[] re, double[] im)
    {
        for (var n = 0; n < Window; n++)
            re[n] = samples[n] * _window[n];
        Array.Clear(re, Window, FftSize - Window);
        Array.Clear(im);
        Fft.Transform(re, im, inverse: false);
    }
}

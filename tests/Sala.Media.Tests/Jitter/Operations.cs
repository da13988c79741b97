using FsCheck;
using FsCheck.Fluent;

namespace Sala.Media.Tests.Jitter;

/// <summary>FsCheck generators for playout operations, weighted toward the streams a network really delivers.</summary>
public static class Operations
{
    public static Arbitrary<Operation[]> Arbitrary() => Generator().ToArbitrary();

    public static Gen<Operation[]> Generator() => Gen.ArrayOf(Operation());

    private static Gen<Operation> Operation() =>
        from kind in Gen.Frequency((5, Gen.Constant(OperationKind.Play)), (8, Gen.Constant(OperationKind.PutNear)), (1, Gen.Constant(OperationKind.PutAnywhere)))
        from step in Gen.Frequency((8, Gen.Choose(0, 40)), (1, Gen.Choose(-5000, 5000)))
        from sequenceStep in Gen.Frequency((10, Gen.Choose(-3, 4)), (1, Gen.Choose(-200, 4000)))
        from sequence in Gen.Choose(0, ushort.MaxValue)
        from timestamp in Gen.Choose(int.MinValue, int.MaxValue)
        from payloadType in Gen.Frequency((10, Gen.Constant(96)), (1, Gen.Elements(0, 1, 127, 128, 255)))
        from length in Gen.Frequency((10, Gen.Choose(0, 200)), (1, Gen.Choose(0, 2000)))
        from filler in Gen.Elements(0, 1, 0xEE)
        select new Operation(kind, step, (short)sequenceStep, (ushort)sequence, unchecked((uint)timestamp), (byte)payloadType, length, (byte)filler);
}

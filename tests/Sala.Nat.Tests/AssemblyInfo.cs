// One lab for the whole assembly (building it takes seconds), and one call at a time: the routers' NAT kinds are
// switched between calls, and real-time calls must not fight over two cores.
[assembly: AssemblyFixture(typeof(Sala.Nat.Tests.NatLabFixture))]
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

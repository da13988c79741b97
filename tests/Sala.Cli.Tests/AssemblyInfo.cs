// These tests run real-time audio (calls paced by the audio clock). Run one at a time, so that they measure Sala
// rather than how two calls share two cores.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

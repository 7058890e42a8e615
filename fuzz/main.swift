// The libFuzzer driver for every Sluice fuzz target; the target is chosen at run time by
// SLUICE_FUZZ_TARGET (one build serves all of them). Built by ci/fuzz, never by SwiftPM.
#if canImport(Glibc)
  import Glibc
#endif

nonisolated(unsafe) private var selected: String = {
  guard let name = getenv("SLUICE_FUZZ_TARGET") else { return "" }
  return String(cString: name)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func sluiceFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  if !FuzzEntryPoints.run(selected, bytes) {
    fputs("sluice-fuzz: unknown SLUICE_FUZZ_TARGET '\(selected)'\n", stderr)
    exit(2)
  }
  return 0
}

import SluiceCore

/// A defect of a bundle or of its packaging inputs, with the exit status it ends a tool with.
public struct BundleError: DiagnosticError, Equatable, Sendable {
  /// The short, specific message.
  public var message: String
  /// The exit status (65 bad data unless told otherwise).
  public var exitCode: ExitCode

  /// Creates an error.
  public init(_ message: String, exitCode: ExitCode = .dataError) {
    self.message = message
    self.exitCode = exitCode
  }
}

/// Somewhere bytes can be written in pieces.
public protocol ByteSink: AnyObject {
  /// Appends `bytes`.
  func write(_ bytes: UnsafeRawBufferPointer) throws
  /// Marks a point where the kind of content may change (a compressor may end a block).
  func boundary() throws
  /// Marks the start of a large member whose first bytes are `sample` (a compressor may pick
  /// how to compress it from them); the member's end is a `boundary()`.
  func beginLargeMember(sample: UnsafeRawBufferPointer) throws
}

/// A sink that keeps every byte in memory.
public final class MemorySink: ByteSink {
  /// Everything written so far.
  public private(set) var bytes: [UInt8] = []

  /// Creates an empty sink.
  public init() {}

  /// Appends `bytes`.
  public func write(_ bytes: UnsafeRawBufferPointer) {
    self.bytes.append(contentsOf: bytes)
  }
}

/// A sink that writes to an `AtomicOutput`, hashing what passes through.
public final class OutputSink: ByteSink {
  /// The output written to.
  public let output: AtomicOutput
  /// The SHA-256 of everything written so far.
  public private(set) var hash = SHA256()

  /// Creates a sink over `output`.
  public init(_ output: AtomicOutput) {
    self.output = output
  }

  /// Appends `bytes` to the output and to the hash.
  public func write(_ bytes: UnsafeRawBufferPointer) {
    hash.update(bytes)
    output.write(bytes: bytes)
  }
}

extension ByteSink {
  /// By default a boundary means nothing.
  public func boundary() throws {}

  /// By default the start of a large member is a plain boundary.
  public func beginLargeMember(sample: UnsafeRawBufferPointer) throws { try boundary() }

  /// Appends the bytes of an array.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }
}

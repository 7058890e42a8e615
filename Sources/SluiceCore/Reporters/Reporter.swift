/// Renders a `Report` in one output format.
///
/// Rendering is a pure function of the report (and the reporter's options): the same report
/// always gives byte-identical text. To add a file format, write one conforming type and add
/// one line to `ReportWriter.fileFormats`.
public protocol Reporter: Sendable {
  /// The format's name, e.g. "json"; a file format's option is `--` followed by it.
  static var name: String { get }

  /// Renders `report` as text in this format.
  func render(_ report: Report) -> String
}

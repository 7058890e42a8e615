/// Renders a report as GitHub-flavoured Markdown for PR comments and step summaries.
///
/// Layout: the optional marker comment, `### title`, a `Verdict: **FAIL**` line, the
/// summary, the table, then the notes as a list. All report text is escaped so user data
/// shows literally: it cannot end a table cell or row, open a code span, emphasis, link or
/// math, start a list or heading, or inject HTML.
///
/// When the rendering is longer than `maxCharacters`, rows are dropped from the end (then
/// the notes, then the summary and title) and a line starting with "…" says what is not
/// shown; whole rows are kept or dropped, never cut. The result is always within the limit.
public struct MarkdownReporter: Reporter {
  /// How the length limit is counted.
  public enum Measure: Sendable, Equatable {
    /// UTF-16 code units: never fewer than Unicode scalars or characters, so a text within
    /// the limit fits however a service counts characters.
    case utf16CodeUnits
    /// UTF-8 bytes, for limits on file sizes.
    case utf8Bytes

    /// The length of `text` in this measure.
    public func count(_ text: String) -> Int {
      switch self {
      case .utf16CodeUnits: text.utf16.count
      case .utf8Bytes: text.utf8.count
      }
    }
  }

  /// The format's name.
  public static let name = "markdown"
  /// The longest comment GitHub accepts on a pull request or issue, in characters.
  public static let pullRequestCommentLimit = 65_536

  /// The longest rendering allowed, counted with `measure`.
  public var maxCharacters: Int
  /// How `maxCharacters` is counted.
  public var measure: Measure

  /// Creates the reporter; the default limit fits a GitHub pull-request comment.
  public init(maxCharacters: Int = pullRequestCommentLimit, measure: Measure = .utf16CodeUnits) {
    self.maxCharacters = maxCharacters
    self.measure = measure
  }

  /// Renders the report, shortened to `maxCharacters` when needed.
  public func render(_ report: Report) -> String {
    let parts = Parts(report)
    let full =
      parts.head(summary: true, title: true) + parts.tableHeader
      + parts.rows.joined() + parts.notes
    if measure.count(full) <= maxCharacters { return full }
    return shortened(parts) ?? ""
  }

  /// The longest shortened rendering that fits, preferring rows, then notes, then the head.
  private func shortened(_ parts: Parts) -> String? {
    let rowCosts = parts.rows.map { measure.count($0) }
    let heads = [(true, true), (false, true), (false, false)]
    for (summary, title) in heads {
      if !summary && parts.summaryLine.isEmpty { continue }
      if !title && parts.titleLine.isEmpty { continue }
      let head = parts.head(summary: summary, title: title)
      let noteChoices = parts.noteCount > 0 ? [true, false] : [false]
      for keepNotes in noteChoices {
        var omitted = Omitted(summary: !summary, title: !title)
        omitted.notes = keepNotes ? 0 : parts.noteCount
        let notes = keepNotes ? parts.notes : ""
        let fixed = measure.count(head) + measure.count(notes)
        if !parts.tableHeader.isEmpty {
          let header = measure.count(parts.tableHeader)
          var best: Int?
          var used = 0
          for kept in 0...parts.rows.count {
            if kept > 0 { used += rowCosts[kept - 1] }
            if fixed + header + used > maxCharacters { break }
            omitted.rows = parts.rows.count - kept
            if omitted.isEmpty { break }
            if fixed + header + used + measure.count(pointer(omitted)) <= maxCharacters {
              best = kept
            }
          }
          if let kept = best {
            omitted.rows = parts.rows.count - kept
            return head + parts.tableHeader + parts.rows[..<kept].joined() + pointer(omitted)
              + notes
          }
        }
        omitted.rows = parts.rows.count
        if omitted.isEmpty { continue }
        let text = head + pointer(omitted) + notes
        if measure.count(text) <= maxCharacters { return text }
      }
    }
    let bare = pointer(Omitted(summary: false, title: false, everything: true))
    return measure.count(bare) <= maxCharacters ? bare : nil
  }

  /// What a shortened rendering leaves out.
  private struct Omitted {
    var summary: Bool
    var title: Bool
    var everything = false
    var rows = 0
    var notes = 0

    var isEmpty: Bool { !summary && !title && !everything && rows == 0 && notes == 0 }
  }

  /// The paragraph saying what is not shown.
  private func pointer(_ omitted: Omitted) -> String {
    var items: [String] = []
    if omitted.everything { items.append("the report") }
    if omitted.title { items.append("the title") }
    if omitted.summary { items.append("the summary") }
    if omitted.rows > 0 {
      items.append("\(omitted.rows) more \(omitted.rows == 1 ? "row" : "rows")")
    }
    if omitted.notes > 0 {
      items.append("\(omitted.notes) \(omitted.notes == 1 ? "note" : "notes")")
    }
    let list: String
    if items.count > 1 {
      list = items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    } else {
      list = items.first ?? "nothing"
    }
    return "\n… \(list) not shown; see the full JSON / JUnit report.\n"
  }

  /// The rendered pieces of a report, each ending in a newline.
  private struct Parts {
    var markerLine = ""
    var titleLine = ""
    var verdictLine: String
    var summaryLine = ""
    var tableHeader = ""
    var rows: [String] = []
    var notes = ""
    var noteCount = 0

    init(_ report: Report) {
      if let marker = report.marker.map(MarkdownReporter.commentText), !marker.isEmpty {
        markerLine = "<!-- \(marker) -->\n"
      }
      let title = MarkdownReporter.escapeText(report.title, newlines: " ")
      if !title.isEmpty { titleLine = "### \(title)\n" }
      verdictLine = "Verdict: **\(report.verdict.label)**\n"
      let summary = MarkdownReporter.escapeText(report.summary)
      if !summary.isEmpty { summaryLine = "\n\(summary)\n" }
      let columns = report.table.columnCount
      if columns > 0 {
        let headers = (0..<columns).map { index in
          index < report.table.headers.count ? report.table.headers[index] : ""
        }
        let rule = (0..<columns).map { index in
          report.table.alignment(of: index) == .right ? "---:" : ":---"
        }
        tableHeader = "\n" + Self.row(headers) + "| " + rule.joined(separator: " | ") + " |\n"
        rows = report.table.rows.map { cells in
          Self.row((0..<columns).map { $0 < cells.count ? cells[$0] : "" })
        }
      }
      let items = report.notes.map { MarkdownReporter.escapeText($0) }.filter { !$0.isEmpty }
      noteCount = items.count
      if !items.isEmpty { notes = "\n" + items.map { "- \($0)\n" }.joined() }
    }

    /// The lines before the table; a blank line separates the title from the verdict.
    func head(summary: Bool, title: Bool) -> String {
      let shownTitle = title ? titleLine : ""
      let gap = markerLine.isEmpty && shownTitle.isEmpty ? "" : "\n"
      return markerLine + shownTitle + gap + verdictLine + (summary ? summaryLine : "")
    }

    static func row(_ cells: [String]) -> String {
      "| " + cells.map { MarkdownReporter.escapeCell($0) }.joined(separator: " | ") + " |\n"
    }
  }
}

extension MarkdownReporter {
  /// `text` kept as written inside a table cell: only `|` is escaped and line breaks become
  /// spaces (for generated documents whose cells hold names and numbers, not user prose).
  public static func plainCell(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "|": result += "\\|"
      case "\n", "\r", "\r\n": result += " "
      default: result.append(character)
      }
    }
    return result
  }

  /// Escapes `text` for a table cell: like `escapeText`, and a cell never starts a block.
  public static func escapeCell(_ text: String) -> String {
    escape(text, newlines: "<br>", atLineStart: false)
  }

  /// Escapes `text` for a paragraph or list item; line breaks become `newlines`.
  ///
  /// Surrounding whitespace is trimmed (leading spaces could start a code block), control
  /// characters are dropped, Markdown punctuation is backslash-escaped, `<` `>` `&` become
  /// entities, and a leading `#`, `-`, `+`, `=` or `1.` is escaped so no block begins.
  public static func escapeText(_ text: String, newlines: String = "<br>") -> String {
    escape(text, newlines: newlines, atLineStart: true)
  }

  private static func escape(_ text: String, newlines: String, atLineStart: Bool) -> String {
    let trimmed = text.unicodeScalars.drop(while: isBlank).reversed().drop(while: isBlank)
    var scalars = Array(trimmed.reversed())
    var output = ""
    var index = 0
    if atLineStart {
      var digits = 0
      while digits < scalars.count, ("0"..."9").contains(scalars[digits]) { digits += 1 }
      if digits > 0, digits < scalars.count, scalars[digits] == "." || scalars[digits] == ")" {
        output += String(String.UnicodeScalarView(scalars[..<digits])) + "\\"
        index = digits
      } else if let first = scalars.first, "#-+=".unicodeScalars.contains(first) {
        output += "\\"
      }
    }
    scalars.append(" ")  // A sentinel: "\r\n" looks one scalar ahead.
    while index < scalars.count - 1 {
      let scalar = scalars[index]
      index += 1
      switch scalar {
      case "\r":
        if scalars[index] == "\n" { index += 1 }
        output += newlines
      case "\n": output += newlines
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "&": output += "&amp;"
      case "\\", "`", "*", "_", "[", "]", "|", "~", "$":
        output += "\\"
        output.unicodeScalars.append(scalar)
      case "\t": output += " "
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
  }

  /// Keeps only characters that cannot end an HTML comment early.
  static func commentText(_ marker: String) -> String {
    let allowed = marker.unicodeScalars.filter { scalar in
      scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || "-_.:/".unicodeScalars.contains(scalar)
    }
    return String(String.UnicodeScalarView(allowed))
  }
}

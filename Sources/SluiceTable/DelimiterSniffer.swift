import SluiceCore

/// Picks a CSV file's field delimiter from its first records, as DuckDB's sniffer does: the
/// one candidate that splits every one of them into the same number (≥ 2) of fields.
public enum DelimiterSniffer {
  /// The delimiters tried, in the order they are reported.
  public static let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
  /// Records looked at, at most.
  public static let recordLimit = 1000

  /// What one candidate does to the records looked at.
  public struct Evidence: Sendable, Equatable {
    /// The candidate delimiter.
    public var delimiter: UInt8
    /// Fewest and most fields in a record (0 when no record was complete).
    public var fewest: Int
    public var most: Int
    /// Records looked at.
    public var records: Int
    /// Whether a quoted field was still open where the look ended.
    public var openQuote: Bool

    /// Every record has the same number of fields, two or more.
    public var isConsistent: Bool { records > 0 && !openQuote && fewest == most && fewest >= 2 }

    /// `',' gives 3 fields` / `';' gives 1 to 4 fields`.
    public var summary: String {
      let name = DelimiterSniffer.name(delimiter)
      if openQuote { return "\(name) leaves a quote open" }
      let unit = most == 1 ? "field" : "fields"
      return fewest == most
        ? "\(name) gives \(most) \(unit)" : "\(name) gives \(fewest) to \(most) fields"
    }
  }

  /// The outcome: a delimiter (nil: no candidate fits, keep the default) or an ambiguity.
  public enum Outcome: Sendable, Equatable {
    case chosen(UInt8?)
    case ambiguous([Evidence])
  }

  /// A delimiter as users write it: `','`, or `tab`.
  public static func name(_ delimiter: UInt8) -> String {
    delimiter == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
  }

  /// Sniffs `head`, the start of the input (`whole` when it is all of it).
  public static func sniff(_ head: [UInt8], whole: Bool, quote: UInt8?) -> (Outcome, [Evidence]) {
    let evidence = candidates.map { count(head, delimiter: $0, quote: quote, whole: whole) }
    let consistent = evidence.filter(\.isConsistent)
    switch consistent.count {
    case 0: return (.chosen(nil), evidence)
    case 1: return (.chosen(consistent[0].delimiter), evidence)
    default: return (.ambiguous(evidence), evidence)
    }
  }

  /// Counts the fields of each complete record with the reader's quoting rule (a quote opens
  /// a quoted field only at a field's start; `""` inside is a quote); blank lines are skipped.
  static func count(_ head: [UInt8], delimiter: UInt8, quote: UInt8?, whole: Bool) -> Evidence {
    var evidence = Evidence(
      delimiter: delimiter, fewest: .max, most: 0, records: 0, openQuote: false)
    var index = 0
    let end = head.count
    if end >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { index = 3 }
    var fields = 1
    var recordBytes = 0
    var atFieldStart = true
    var inQuote = false
    func endRecord() {
      if recordBytes > 0 {
        evidence.records += 1
        evidence.fewest = min(evidence.fewest, fields)
        evidence.most = max(evidence.most, fields)
      }
      fields = 1
      recordBytes = 0
      atFieldStart = true
    }
    while index < end && evidence.records < recordLimit {
      let byte = head[index]
      index += 1
      if inQuote {
        recordBytes += 1
        if byte == quote {
          if index < end && head[index] == quote {
            index += 1
          } else {
            inQuote = false
          }
        }
        continue
      }
      if byte == 0x0A || byte == 0x0D {
        if byte == 0x0D && index < end && head[index] == 0x0A { index += 1 }
        endRecord()
        continue
      }
      recordBytes += 1
      if byte == delimiter {
        fields += 1
        atFieldStart = true
        continue
      }
      if byte == quote && atFieldStart { inQuote = true }
      atFieldStart = false
    }
    if inQuote && (whole || evidence.records == 0) {
      evidence.openQuote = true
    } else if whole && !inQuote && evidence.records < recordLimit {
      endRecord()
    }
    if evidence.records == 0 { evidence.fewest = 0 }
    return evidence
  }
}

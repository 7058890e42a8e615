import SluiceCore

/// The train/test assignment rules of `split-data`, as pure functions of counts and seeds.
///
/// Three rules: by key (a row's side is a hash of its key and the seed, so it never moves
/// when rows are added or reordered), shuffled (exactly `round(f × n)` rows chosen by a seeded
/// partial Fisher–Yates shuffle) and stratified (exact per-class counts by largest remainder,
/// each class's rows chosen by its own seeded shuffle).
public enum Splitter {
  /// The number of test rows for `rows` rows: `f × n` rounded half away from zero.
  public static func testCount(rows: Int, fraction: Double) -> Int {
    min(rows, max(0, Int((fraction * Double(rows)).rounded())))
  }

  /// Whether a row whose key has the bytes `key` goes to test: `unit(hash) < fraction`.
  public static func isTest(key: UnsafeBufferPointer<UInt8>, seed: Int64, fraction: Double)
    -> Bool
  {
    SplitHash.unit(SplitHash.hash(seed: seed, key)) < fraction
  }

  /// Whether a row whose key is `key` (as UTF-8) goes to test.
  public static func isTest(key: String, seed: Int64, fraction: Double) -> Bool {
    Array(key.utf8).withUnsafeBufferPointer { isTest(key: $0, seed: seed, fraction: fraction) }
  }

  /// Per row, whether it goes to test: `testCount` rows chosen by `SplitRandom(seed:)`.
  public static func shuffledAssignment(rows: Int, fraction: Double, seed: Int64) -> [Bool] {
    var assignment = [Bool](repeating: false, count: rows)
    var order = Array(0..<rows)
    var random = SplitRandom(seed: seed)
    let count = testCount(rows: rows, fraction: fraction)
    random.choose(count, from: &order)
    for index in order.prefix(count) { assignment[index] = true }
    return assignment
  }

  /// The outcome of a stratified split.
  public struct Stratified: Sendable, Equatable {
    /// Per row, whether it goes to test.
    public var assignment: [Bool]
    /// Per class (in the order given), the number of test rows.
    public var testCounts: [Int]
    /// Classes with at least 2 rows that still lack a train or a test row (the total left
    /// no room), in the order given.
    public var oneSided: [Int]
  }

  /// Splits rows whose class (an index into `labels`) is `classes[row]`.
  ///
  /// `labels` must be distinct; each class's shuffle is seeded by
  /// `SplitHash.hash(seed, label.seedBytes)`, so its picks do not depend on other classes.
  public static func stratifiedAssignment(
    classes: [Int], labels: [SplitLabel], fraction: Double, seed: Int64
  ) -> Stratified {
    var members = [[Int]](repeating: [], count: labels.count)
    for (row, label) in classes.enumerated() { members[label].append(row) }
    // Ties in the allocation are broken by label order, never by first appearance.
    let ranks = labels.indices.sorted { labels[$0] < labels[$1] }
    let sizes = ranks.map { members[$0].count }
    let allocation = allocate(sizes: sizes, fraction: fraction)
    var assignment = [Bool](repeating: false, count: classes.count)
    var testCounts = [Int](repeating: 0, count: labels.count)
    for (rank, label) in ranks.enumerated() {
      let count = allocation.counts[rank]
      testCounts[label] = count
      var rows = members[label]
      var random = SplitRandom(state: SplitHash.hash(seed: seed, labels[label].seedBytes))
      random.choose(count, from: &rows)
      for row in rows.prefix(count) { assignment[row] = true }
    }
    let oneSided = allocation.oneSided.map { ranks[$0] }.sorted()
    return Stratified(assignment: assignment, testCounts: testCounts, oneSided: oneSided)
  }

  /// Test rows per class, for class sizes `sizes` (tie-break order is the array order).
  ///
  /// Largest remainder: each class gets `floor(f × n_c)`, and the rows left to reach
  /// `testCount(n, f)` go one each to the largest remainders `f × n_c − floor(f × n_c)`. Then
  /// every class of at least 2 rows is given a row on each side when another class can give
  /// or take one without losing its own: larger classes are served first, and the donor
  /// (receiver) is the class furthest above (below) its exact share. The total never changes.
  public static func allocate(sizes: [Int], fraction: Double) -> (counts: [Int], oneSided: [Int]) {
    let total = testCount(rows: sizes.reduce(0, +), fraction: fraction)
    let shares = sizes.map { fraction * Double($0) }
    var counts = zip(sizes, shares).map { size, share in
      min(size, max(0, Int(share.rounded(.down))))
    }
    let remainders = counts.indices.map { shares[$0] - Double(counts[$0]) }
    let byRemainder = counts.indices.sorted {
      remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
    }
    var missing = total - counts.reduce(0, +)
    // Floating-point shares can put the floors a row off the total; rounds fix either sign.
    while missing > 0 {
      var changed = false
      for index in byRemainder where missing > 0 && counts[index] < sizes[index] {
        counts[index] += 1
        missing -= 1
        changed = true
      }
      if !changed { break }
    }
    while missing < 0 {
      var changed = false
      for index in byRemainder.reversed() where missing < 0 && counts[index] > 0 {
        counts[index] -= 1
        missing += 1
        changed = true
      }
      if !changed { break }
    }
    let bySize = counts.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
    func lowest(_ index: Int) -> Int { sizes[index] >= 2 ? 1 : 0 }
    func highest(_ index: Int) -> Int { sizes[index] >= 2 ? sizes[index] - 1 : sizes[index] }
    for needy in bySize where sizes[needy] >= 2 && counts[needy] == 0 {
      if let donor = best(
        counts.indices, by: { Double(counts[$0]) - shares[$0] },
        where: {
          $0 != needy && counts[$0] > lowest($0)
        })
      {
        counts[donor] -= 1
        counts[needy] += 1
      }
    }
    for full in bySize where sizes[full] >= 2 && counts[full] == sizes[full] {
      if let receiver = best(
        counts.indices, by: { shares[$0] - Double(counts[$0]) },
        where: {
          $0 != full && counts[$0] < highest($0)
        })
      {
        counts[receiver] += 1
        counts[full] -= 1
      }
    }
    let oneSided = counts.indices.filter {
      sizes[$0] >= 2 && (counts[$0] == 0 || counts[$0] == sizes[$0])
    }
    return (counts, oneSided)
  }

  /// The index with the largest `score` among those passing `filter` (first on ties).
  private static func best(
    _ indices: Range<Int>, by score: (Int) -> Double, where filter: (Int) -> Bool
  ) -> Int? {
    var found: (index: Int, score: Double)?
    for index in indices where filter(index) {
      let value = score(index)
      if found.map({ value > $0.score }) ?? true { found = (index, value) }
    }
    return found?.index
  }
}

/// The level arithmetic and compaction steps of the KLL sketch, following Apache DataSketches
/// (`KllHelper` / `KllDoublesHelper`) so its published error table applies to `QuantileSketch`.
///
/// Items of all levels share one array; level `h` holds items of weight 2^h in
/// `items[levels[h]..<levels[h + 1]]`, level 0 is unsorted and the others are sorted. Free
/// space sits below `levels[0]`, so level 0 grows downwards.
enum KLLLevels {
  /// The smallest capacity of any level ("m" in DataSketches).
  static let minimumWidth = 8

  /// The most levels a sketch can need: more would hold over 2^61 values.
  static let maximumLevels = 61

  private static let powersOfThree: [Int] = {
    var powers = [1]
    for _ in 1...30 { powers.append(powers[powers.count - 1] * 3) }
    return powers
  }()

  /// Capacity of `level` in a sketch of `levelCount` levels: about k·(2/3)^depth, at least 8,
  /// where depth counts levels from the top.
  static func capacity(k: Int, levelCount: Int, level: Int) -> Int {
    Swift.max(minimumWidth, scaled(k, depth: levelCount - level - 1))
  }

  /// k·(2/3)^depth rounded half up, in integers exactly as DataSketches computes it.
  private static func scaled(_ k: Int, depth: Int) -> Int {
    if depth > 30 { return scaled(scaled(k, depth: depth / 2), depth: depth - depth / 2) }
    let doubled = (k << 1) << depth
    return (doubled / powersOfThree[depth] + 1) >> 1
  }

  /// The total capacity of a sketch with `levelCount` levels.
  static func totalCapacity(k: Int, levelCount: Int) -> Int {
    (0..<levelCount).reduce(0) { $0 + capacity(k: k, levelCount: levelCount, level: $1) }
  }

  /// Sorts `buffer` ascending (no NaN): quicksort with median-of-three pivots, Hoare
  /// partitioning (which splits runs of equal values evenly, common in integer and flag
  /// columns) and insertion sort for short ranges; past twice the expected depth it hands the
  /// range to the standard sort, so adversarial orders stay O(n log n). It beats the generic
  /// standard sort on the small level-0 buffers that dominate the cost of an add.
  static func sort(_ buffer: UnsafeMutableBufferPointer<Double>) {
    // A batch arrives radix-sorted; one linear check spares it a second sort.
    var sorted = true
    var index = 1
    while index < buffer.count {
      if buffer[index] < buffer[index - 1] {
        sorted = false
        break
      }
      index += 1
    }
    if sorted { return }
    quicksort(buffer, 0, buffer.count - 1, 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount))
  }

  private static func quicksort(
    _ items: UnsafeMutableBufferPointer<Double>, _ first: Int, _ last: Int, _ depthLimit: Int
  ) {
    var low = first
    var high = last
    var budget = depthLimit
    while high - low > 16 {
      if budget <= 0 {
        var rest = UnsafeMutableBufferPointer(rebasing: items[low...high])
        rest.sort()
        return
      }
      budget -= 1
      let middle = low + (high - low) / 2
      if items[middle] < items[low] { items.swapAt(middle, low) }
      if items[high] < items[low] { items.swapAt(high, low) }
      if items[high] < items[middle] { items.swapAt(high, middle) }
      let pivot = items[middle]
      var i = low
      var j = high
      while i <= j {
        while items[i] < pivot { i += 1 }
        while pivot < items[j] { j -= 1 }
        if i <= j {
          items.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      // Recurse into the smaller side and loop on the larger, bounding the stack.
      if j - low < high - i {
        quicksort(items, low, j, budget)
        low = i
      } else {
        quicksort(items, i, high, budget)
        high = j
      }
    }
    if high <= low { return }
    for index in (low + 1)...high {
      let value = items[index]
      var target = index
      while target > low && value < items[target - 1] {
        items[target] = items[target - 1]
        target -= 1
      }
      items[target] = value
    }
  }

  /// Keeps every other item of the sorted `buffer[start..<start + length]` (length even),
  /// starting at `offset`, packed into the upper half of the range.
  static func halveUp(
    _ buffer: UnsafeMutableBufferPointer<Double>, start: Int, length: Int, offset: Int
  ) {
    let half = length / 2
    var source = start + length - 1 - offset
    var target = start + length - 1
    while target >= start + half {
      buffer[target] = buffer[source]
      source -= 2
      target -= 1
    }
  }

  /// Keeps every other item of the sorted `buffer[start..<start + length]` (length even),
  /// starting at `offset`, packed into the lower half of the range.
  static func halveDown(
    _ buffer: UnsafeMutableBufferPointer<Double>, start: Int, length: Int, offset: Int
  ) {
    let half = length / 2
    var source = start + offset
    for target in start..<(start + half) {
      buffer[target] = buffer[source]
      source += 2
    }
  }

  /// Merges the sorted runs `buffer[a..<a + aCount]` and `buffer[b..<b + bCount]` into
  /// `buffer[output...]`; safe in place when `a + aCount <= output` and the output never
  /// overtakes the unread part of run b, as in a compaction (ties take run a first).
  static func mergeRuns(
    _ buffer: UnsafeMutableBufferPointer<Double>, a: Int, aCount: Int, b: Int, bCount: Int,
    output: Int
  ) {
    var i = a
    var j = b
    var target = output
    let aEnd = a + aCount
    let bEnd = b + bCount
    // Branch-free: which run supplies the next item is a coin flip to the predictor.
    while i < aEnd && j < bEnd {
      let fromA = buffer[i]
      let fromB = buffer[j]
      let takeB = fromB < fromA
      buffer[target] = takeB ? fromB : fromA
      j &+= takeB ? 1 : 0
      i &+= takeB ? 0 : 1
      target &+= 1
    }
    while i < aEnd {
      buffer[target] = buffer[i]
      i += 1
      target += 1
    }
    while j < bEnd {
      buffer[target] = buffer[j]
      j += 1
      target += 1
    }
  }

  /// Halves the level `buffer[rawStart..<rawEnd]` into the level above, which ends at
  /// `aboveEnd`, as DataSketches does: an odd first item stays behind (the newest item of level
  /// 0, the smallest above), level 0 is sorted first, the kept half (odd or even items, by
  /// `coin`) is merged into the sorted level above. Returns the number of items moved up; the
  /// caller places the odd item.
  static func compact(
    _ buffer: UnsafeMutableBufferPointer<Double>, rawStart: Int, rawEnd: Int, aboveEnd: Int,
    isLevelZero: Bool, levelZeroSorted: Bool = false,
    coin: (UnsafeMutableBufferPointer<Double>) -> Int
  ) -> Int {
    let rawCount = rawEnd - rawStart
    let start = rawCount & 1 == 1 ? rawStart + 1 : rawStart
    let length = rawEnd - start
    let half = length / 2
    let range = UnsafeMutableBufferPointer(rebasing: buffer[start..<rawEnd])
    if isLevelZero && !levelZeroSorted { sort(range) }
    let offset = coin(range)
    if aboveEnd == rawEnd {
      halveUp(buffer, start: start, length: length, offset: offset)
    } else {
      halveDown(buffer, start: start, length: length, offset: offset)
      mergeRuns(
        buffer, a: start, aCount: half, b: rawEnd, bCount: aboveEnd - rawEnd,
        output: start + half)
    }
    return half
  }

  /// The result of `compress`: the level boundaries (from 0) of the packed items.
  struct Compressed {
    var levels: [Int]
    var capacity: Int
    var levelCount: Int { levels.count - 1 }
    var population: Int { levels[levels.count - 1] }
  }

  /// DataSketches' `generalCompress`: walks up the levels of `buffer` (bounded by `levels`,
  /// starting at 0), compacting each level that is over capacity while the whole is over
  /// capacity, and packs the survivors at the front of `buffer`.
  ///
  /// `coin` draws the offset (0 or 1) of one compaction from the sorted range it halves.
  static func compress(
    k: Int, buffer: inout [Double], levels inputLevels: [Int], levelZeroSorted: Bool = false,
    coin: (UnsafeMutableBufferPointer<Double>) -> Int
  ) -> Compressed {
    var inLevels = inputLevels
    var levelCount = inLevels.count - 1
    var population = inLevels[levelCount] - inLevels[0]
    var target = totalCapacity(k: k, levelCount: levelCount)
    var outLevels = [0]
    var level = -1
    buffer.withUnsafeMutableBufferPointer { items in
      repeat {
        level += 1
        if level == levelCount - 1 {
          // An empty level above the top, so the top can be compacted like any other.
          if inLevels.count < level + 3 {
            inLevels.append(inLevels[level + 1])
          } else {
            inLevels[level + 2] = inLevels[level + 1]
          }
        }
        let rawStart = inLevels[level]
        let rawEnd = inLevels[level + 1]
        let rawCount = rawEnd - rawStart
        let outStart = outLevels[level]
        if population < target || rawCount < capacity(k: k, levelCount: levelCount, level: level) {
          // Output never lies above input, so a forward copy is safe.
          for index in 0..<rawCount { items[outStart + index] = items[rawStart + index] }
          outLevels.append(outStart + rawCount)
          continue
        }
        let half = compact(
          items, rawStart: rawStart, rawEnd: rawEnd, aboveEnd: inLevels[level + 2],
          isLevelZero: level == 0, levelZeroSorted: levelZeroSorted, coin: coin)
        // Output lies at or below the input, so writing the odd item cannot clobber unread data.
        let odd = rawCount & 1 == 1
        if odd { items[outStart] = items[rawStart] }
        outLevels.append(outStart + (odd ? 1 : 0))
        population -= half
        inLevels[level + 1] -= half
        if level == levelCount - 1 {
          levelCount += 1
          target += capacity(k: k, levelCount: levelCount, level: 0)
        }
      } while level != levelCount - 1
    }
    return Compressed(levels: outLevels, capacity: Swift.max(target, population))
  }
}

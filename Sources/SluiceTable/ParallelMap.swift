/// Runs independent pieces of work on a fixed number of threads, results in input order.
public enum ParallelMap {
  /// `transform` applied to every element on `workers` threads; the result keeps input order,
  /// so it never depends on the number of threads.
  public static func map<Element: Sendable, Result: Sendable>(
    _ elements: [Element], workers: Int = ReadOptions.defaultWorkers,
    _ transform: @escaping @Sendable (Element) -> Result
  ) -> [Result] {
    if elements.count <= 1 || workers <= 1 { return elements.map(transform) }
    let pool = OrderedPool<Element, Result>(workers: min(workers, elements.count), work: transform)
    for element in elements { pool.submit(element) }
    var results: [Result] = []
    results.reserveCapacity(elements.count)
    while let result = pool.next() { results.append(result) }
    pool.shutdown()
    return results
  }
}

import SluiceCore

/// Runs jobs on a fixed number of threads and hands results back in submission order.
///
/// The caller bounds the number of jobs in flight, so memory stays constant however long the
/// input is, and reduces results in the order the jobs were submitted, so the outcome never
/// depends on the number of threads or on scheduling.
final class OrderedPool<Job: Sendable, Output: Sendable>: @unchecked Sendable {
  private let lock = Lock()
  private var queue: [(Int, Job)?] = []
  private var queueHead = 0
  private var finished: [Int: Output] = [:]
  private var submitted = 0
  private var delivered = 0
  private var closing = false
  private var threads: [WorkerThread] = []
  private let work: @Sendable (Job) -> Output

  /// Starts `workers` threads that apply `work` to each submitted job.
  init(workers: Int, work: @escaping @Sendable (Job) -> Output) {
    self.work = work
    for _ in 0..<max(1, workers) {
      if let thread = WorkerThread({ [unowned self] in self.workerLoop() }) {
        threads.append(thread)
      }
    }
  }

  deinit { shutdown() }

  /// Jobs submitted and not yet handed back.
  var inFlight: Int { lock.withLock { submitted - delivered } }

  /// Queues a job; never blocks.
  func submit(_ job: Job) {
    lock.withLock {
      queue.append((submitted, job))
      submitted += 1
      lock.broadcast()
    }
    if threads.isEmpty { runInline() }
  }

  /// The next result in submission order, waiting for it; nil when nothing is in flight.
  func next() -> Output? {
    lock.withLock {
      guard delivered < submitted else { return nil }
      while finished[delivered] == nil { lock.wait() }
      let output = finished.removeValue(forKey: delivered)
      delivered += 1
      return output
    }
  }

  /// The next result in submission order if it is already done.
  func nextIfReady() -> Output? {
    lock.withLock {
      guard let output = finished.removeValue(forKey: delivered) else { return nil }
      delivered += 1
      return output
    }
  }

  /// Stops the threads after the queued jobs and waits for them.
  func shutdown() {
    lock.withLock {
      closing = true
      lock.broadcast()
    }
    for thread in threads { thread.join() }
    threads.removeAll()
  }

  private func take() -> (Int, Job)? {
    lock.withLock {
      while queueHead == queue.count && !closing { lock.wait() }
      guard queueHead < queue.count else { return nil }
      let item = queue[queueHead]
      queue[queueHead] = nil  // the job's buffer is freed as soon as it is done
      queueHead += 1
      if queueHead > 64 && queueHead * 2 > queue.count {
        queue.removeFirst(queueHead)
        queueHead = 0
      }
      return item
    }
  }

  private func workerLoop() {
    while let (index, job) = take() {
      let output = work(job)
      lock.withLock {
        finished[index] = output
        lock.broadcast()
      }
    }
  }

  private func runInline() {
    while let (index, job) = lock.withLock({ () -> (Int, Job)? in
      guard queueHead < queue.count else { return nil }
      let item = queue[queueHead]
      queue[queueHead] = nil
      queueHead += 1
      return item
    }) {
      let output = work(job)
      lock.withLock { finished[index] = output }
    }
  }
}

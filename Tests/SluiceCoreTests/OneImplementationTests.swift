import Foundation
import XCTest

@testable import SluiceCore

/// The pieces that exist once in SluiceCore and serve every module (issue 14): the SplitMix64
/// finaliser and the mutex.
final class OneImplementationTests: XCTestCase {
  /// Outputs of the reference `splitmix64.c` (Vigna) from state 0, and the finaliser on its
  /// own, computed independently in Python (`(z ^ z >> 30) * 0xbf58476d1ce4e5b9 mod 2^64`, …).
  func testSplitMix64PinnedVectors() {
    var random = SplitRandom(state: 0)
    let expected: [UInt64] = [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f]
    XCTAssertEqual((0..<expected.count).map { _ in random.next() }, expected)
    let mixes: [(UInt64, UInt64)] = [
      (0, 0), (1, 0x5692_161d_100b_05e5), (UInt64.max, 0xb4d0_55fc_f2cb_bd7b),
    ]
    XCTAssertEqual(mixes.count, 3)
    for (input, output) in mixes { XCTAssertEqual(SplitRandom.mix(input), output, "\(input)") }
  }

  func testLockSerializesIncrements() {
    final class Counter: @unchecked Sendable {
      let lock = Lock()
      var value = 0
    }
    let counter = Counter()
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      for _ in 0..<10_000 { counter.lock.withLock { counter.value += 1 } }
    }
    XCTAssertEqual(counter.lock.withLock { counter.value }, 80_000)
  }

  func testLockRethrowsTypedErrorsAndUnlocks() {
    let lock = Lock()
    XCTAssertThrowsError(
      try lock.withLock { () throws(CoreError) -> Int in throw .io(path: "x", reason: "test") })
    // Still usable: the throw released the lock.
    XCTAssertEqual(lock.withLock { 7 }, 7)
  }

  func testWaitReturnsAfterBroadcast() {
    final class Flag: @unchecked Sendable {
      let lock = Lock()
      var raised = false
    }
    let flag = Flag()
    let done = expectation(description: "waiter woke")
    Thread.detachNewThread {
      flag.lock.withLock { while !flag.raised { flag.lock.wait() } }
      done.fulfill()
    }
    Thread.sleep(forTimeInterval: 0.05)
    flag.lock.withLock {
      flag.raised = true
      flag.lock.broadcast()
    }
    wait(for: [done], timeout: 10)
  }
}

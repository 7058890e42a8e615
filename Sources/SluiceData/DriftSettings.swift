import SluiceCore

/// A drift statistic a column can be judged by.
public enum DriftMethod: String, Sendable, CaseIterable {
  /// Population stability index on reference-quantile bins (numeric) or categories; drift when ≥ threshold.
  case psi
  /// Two-sample Kolmogorov–Smirnov test (numeric); drift when the p-value < threshold.
  case ks
  /// Wasserstein distance divided by the reference's standard deviation (numeric); drift when ≥ threshold.
  case wasserstein
  /// Jensen–Shannon distance, base 2, in [0, 1] (categorical); drift when ≥ threshold.
  case js
  /// Chi-square test of the 2×k contingency table, no continuity correction (categorical);
  /// drift when the p-value < threshold.
  case chisquare
  /// Largest difference of category proportions (categorical); drift when ≥ threshold.
  case linf

  /// The default threshold (docs/formats.md, "Drift").
  public var defaultThreshold: Double {
    switch self {
    case .psi: return 0.2
    case .ks: return 0.05
    case .wasserstein: return 0.1
    case .js: return 0.1
    case .chisquare: return 0.05
    case .linf: return 0.1
    }
  }

  /// Whether the statistic is a p-value (drift below the threshold) rather than a distance.
  public var isPValue: Bool { self == .ks || self == .chisquare }

  /// Whether the method applies to numeric columns (else categorical).
  public var isNumeric: Bool { self == .psi || self == .ks || self == .wasserstein }
}

/// How drift is measured and judged; every default is in docs/formats.md.
public struct DriftSettings: Sendable {
  /// Method for numeric columns.
  public var numericMethod: DriftMethod = .psi
  /// Method for categorical columns.
  public var categoricalMethod: DriftMethod = .js
  /// Thresholds by method (defaults: `DriftMethod.defaultThreshold`).
  public var thresholds: [DriftMethod: Double] = [:]
  /// Per-column method and threshold, from flags or the schema's `drift` objects.
  public var columnMethods: [String: DriftMethod] = [:]
  public var columnThresholds: [String: Double] = [:]
  /// Columns not compared.
  public var skippedColumns: Set<String> = []
  /// PSI bins for numeric columns (at reference quantiles).
  public var bins = 10
  /// PSI's replacement for an empty bin's proportion.
  public var psiEpsilon = 1e-4
  /// The dataset drifts when at least this share of compared columns drift.
  public var driftShare = 0.5

  /// The documented defaults.
  public init() {}

  /// The threshold for `method`.
  public func threshold(_ method: DriftMethod) -> Double {
    thresholds[method] ?? method.defaultThreshold
  }
}

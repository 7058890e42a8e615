import SluiceCore

/// Every Sluice tool, as run by the executables' `main.swift`.
public enum Tools {
  /// `validate-data`: infer schemas and check data.
  public static let validateData: Tool = ValidateDataTool.tool
  /// `split-data`: deterministic train/test split.
  public static let splitData: Tool = SplitDataTool.tool
  /// `train`: fit a model.
  public static let train: Tool = TrainTool.tool
  /// `predict`: apply a model.
  public static let predict: Tool = PredictTool.tool
  /// `evaluate`: compute metrics.
  public static let evaluate: Tool = EvaluateTool.tool
  /// `gate`: pass/fail metrics against rules and a baseline.
  public static let gate: Tool = GateTool.tool
  /// `package-model`: build and verify model bundles.
  public static let packageModel: Tool = PackageModelTool.tool

  /// All tools, in pipeline order.
  public static var all: [Tool] {
    [validateData, splitData, train, predict, evaluate, gate, packageModel]
  }
}

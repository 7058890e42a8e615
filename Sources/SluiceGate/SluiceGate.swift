/// SluiceGate: rules, baselines, paired tests and verdicts for `gate`.
public enum SluiceGate {}

package io.processguard.condition;

/** How a signal value is compared with a threshold. Edges are as the symbol says. */
public enum Comparison {
  /** {@code value > threshold}. */
  ABOVE(">"),
  /** {@code value >= threshold}. */
  AT_LEAST(">="),
  /** {@code value < threshold}. */
  BELOW("<"),
  /** {@code value <= threshold}. */
  AT_MOST("<=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  /** Returns the comparison's symbol, such as {@code >=}. */
  public String symbol() {
    return symbol;
  }

  /** Returns whether {@code value} stands on this side of {@code threshold}. */
  public boolean test(double value, double threshold) {
    return switch (this) {
      case ABOVE -> value > threshold;
      case AT_LEAST -> value >= threshold;
      case BELOW -> value < threshold;
      case AT_MOST -> value <= threshold;
    };
  }

  /** Returns whether this comparison looks upwards ({@code >} or {@code >=}). */
  public boolean upward() {
    return this == ABOVE || this == AT_LEAST;
  }
}

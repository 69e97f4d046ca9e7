package org.blazedb.engine.expr;

/**
 * Fields of a DATE (days since 1970-01-01) in the proleptic Gregorian calendar, by integer
 * arithmetic alone (Howard Hinnant's {@code civil_from_days}), which compiled kernels repeat step
 * for step: a year of 400 years' cycle, counted from March so that February's leap day comes last.
 */
public final class Dates {
  private static final long DAYS_0000_03_01_TO_1970 = 719_468;
  private static final long DAYS_PER_ERA = 146_097;

  private Dates() {}

  /** {@link Op#YEAR}, {@link Op#MONTH} or {@link Op#DAY} of {@code days}. */
  public static long field(Op op, long days) {
    long z = days + DAYS_0000_03_01_TO_1970;
    long era = Math.floorDiv(z, DAYS_PER_ERA);
    long dayOfEra = z - era * DAYS_PER_ERA; // 0 .. 146096
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365; // 0 .. 399
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // 0 .. 365, from March 1
    long monthFromMarch = (5 * dayOfYear + 2) / 153; // 0 .. 11
    long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    return switch (op) {
      case YEAR -> yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
      case MONTH -> month;
      case DAY -> dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
      default -> throw new IllegalArgumentException(op + " is no field of a date");
    };
  }
}

package org.blazedb.engine.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields of a date are java.time's (proleptic Gregorian), from 9999 BC to AD 9999. */
class DatesTest {
  @Test
  void fieldsAreThoseOfJavaTime() {
    long first = LocalDate.of(-9999, 1, 1).toEpochDay();
    long last = LocalDate.of(9999, 12, 31).toEpochDay();
    for (long day = first; day <= last; day += day > -1000 && day < 1000 ? 1 : 7) {
      LocalDate date = LocalDate.ofEpochDay(day);
      assertEquals(date.getYear(), Dates.field(Op.YEAR, day), date::toString);
      assertEquals(date.getMonthValue(), Dates.field(Op.MONTH, day), date::toString);
      assertEquals(date.getDayOfMonth(), Dates.field(Op.DAY, day), date::toString);
    }
  }

  @Test
  void leapDaysAndTheDaysAroundThem() {
    for (int year : new int[] {1600, 1700, 1900, 1969, 1970, 2000, 2024, 2100, 0, -4}) {
      LocalDate march = LocalDate.of(year, 3, 1);
      for (LocalDate d = march.minusDays(2); !d.isAfter(march); d = d.plusDays(1)) {
        long day = d.toEpochDay();
        assertEquals(List.of((long) d.getYear(), (long) d.getMonthValue(), (long) d.getDayOfMonth()),
            List.of(Dates.field(Op.YEAR, day), Dates.field(Op.MONTH, day), Dates.field(Op.DAY, day)), d::toString);
      }
    }
  }
}

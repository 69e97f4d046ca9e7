package org.blazedb.storage.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import org.blazedb.engine.datashape.CategoricalShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DateTimeShape;
import org.blazedb.engine.datashape.DecimalShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.datashape.TimeDeltaShape;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.ColumnWriter;
import org.blazedb.storage.blz.Decimals;

/**
 * Converts input values (JSON tokens, text, or typed values from SQL) of one scalar field to its
 * stored form. Each value that does not fit raises a {@link ValueException} saying why.
 */
public final class LeafWriter {
  private enum Kind { BOOL, INTEGER, UINT64, FLOAT, DECIMAL, STRING, BYTES, JSON, DATE, TIME, DATETIME, TIMEDELTA, CATEGORICAL }

  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final ColumnWriter out;
  private final String field;
  private final DataShape shape;
  private final Kind kind;
  private final long min;
  private final long max;
  private final ByteArrayOutputStream jsonText = new ByteArrayOutputStream();

  public LeafWriter(ColumnNode.Leaf leaf, ColumnWriter out) {
    this.out = out;
    this.field = leaf.path();
    this.shape = leaf.shape();
    this.kind = kindOf(shape);
    long[] range = shape instanceof Primitive p ? range(p) : new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    this.min = range[0];
    this.max = range[1];
  }

  public ColumnWriter out() {
    return out;
  }

  public void bool(boolean value) {
    if (kind != Kind.BOOL) {
      throw mismatch("the boolean " + value);
    }
    out.appendLong(value ? 1 : 0);
  }

  /** An exact integer, for any numeric field. */
  public void integer(long value) {
    switch (kind) {
      case INTEGER, UINT64, TIMEDELTA -> writeInteger(null, value);
      case FLOAT -> writeFloat(value, Long.toString(value));
      case DECIMAL -> writeDecimal(BigDecimal.valueOf(value));
      default -> throw mismatch("the number " + value);
    }
  }

  /** An exact number, for any numeric field. */
  public void number(BigDecimal value) {
    switch (kind) {
      case INTEGER, UINT64, TIMEDELTA -> {
        BigInteger exact;
        try {
          exact = value.toBigIntegerExact();
        } catch (ArithmeticException e) {
          throw mismatch("the number " + value.toPlainString());
        }
        writeInteger(exact, exact.longValue());
      }
      case FLOAT -> writeFloat(value.doubleValue(), value.toPlainString());
      case DECIMAL -> writeDecimal(value);
      default -> throw mismatch("the number " + value.toPlainString());
    }
  }

  public void floating(double value) {
    switch (kind) {
      case FLOAT -> writeFloat(value, Double.toString(value));
      case DECIMAL -> writeDecimal(BigDecimal.valueOf(value));
      default -> throw mismatch("the number " + value);
    }
  }

  public void bytes(byte[] value) {
    if (kind != Kind.BYTES) {
      throw mismatch("binary data");
    }
    out.appendBytes(value);
  }

  /** A date as days since 1970-01-01. */
  public void epochDay(long days) {
    if (kind != Kind.DATE) {
      throw mismatch("a date");
    }
    out.appendLong(Math.toIntExact(days));
  }

  /** A time of day in microseconds. */
  public void timeMicros(long micros) {
    if (kind != Kind.TIME) {
      throw mismatch("a time");
    }
    out.appendLong(micros);
  }

  /** A timestamp in microseconds since the epoch. */
  public void epochMicros(long micros) {
    if (kind != Kind.DATETIME) {
      throw mismatch("a timestamp");
    }
    out.appendLong(micros);
  }

  /** Writes the JSON value at the parser's current token (not null). */
  void json(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (kind) {
      case BOOL -> {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
          throw mismatch(describe(p));
        }
        out.appendLong(t == JsonToken.VALUE_TRUE ? 1 : 0);
      }
      case INTEGER, UINT64, TIMEDELTA -> {
        if (t != JsonToken.VALUE_NUMBER_INT) {
          throw mismatch(describe(p));
        }
        // getLongValue() throws for numbers beyond int64 (uint64 above Long.MAX_VALUE): ask it only below.
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          BigInteger big = p.getBigIntegerValue();
          writeInteger(big, big.longValue());
        } else {
          writeInteger(null, p.getLongValue());
        }
      }
      case FLOAT -> {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
          throw mismatch(describe(p));
        }
        writeFloat(p.getDoubleValue(), p.getText());
      }
      case DECIMAL -> {
        if (t == JsonToken.VALUE_STRING) {
          text(p.getText());
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
          writeDecimal(p.getDecimalValue());
        } else {
          throw mismatch(describe(p));
        }
      }
      case JSON -> writeJson(p);
      case BYTES -> {
        if (t != JsonToken.VALUE_STRING) {
          throw mismatch(describe(p));
        }
        try {
          out.appendBytes(p.getBinaryValue());
        } catch (IOException e) {
          throw new ValueException(field, "not base64 for a bytes field: " + e.getMessage());
        }
      }
      default -> {
        if (t != JsonToken.VALUE_STRING) {
          throw mismatch(describe(p));
        }
        text(p.getText());
      }
    }
  }

  /** Writes a value given as text (CSV, SQL strings, or a JSON string for text-like types). */
  public void text(String s) {
    try {
      switch (kind) {
        case BOOL -> out.appendLong(parseBool(s) ? 1 : 0);
        case INTEGER, UINT64, TIMEDELTA -> {
          BigInteger big = new BigInteger(s.strip());
          writeInteger(big, big.longValue());
        }
        case FLOAT -> writeFloat(Double.parseDouble(s.strip()), s);
        case DECIMAL -> writeDecimal(new BigDecimal(s.strip()));
        case STRING -> writeString(s);
        case JSON -> writeJsonText(s);
        case BYTES -> out.appendBytes(Base64.getDecoder().decode(s.strip()));
        // stored in 32 bits: a date beyond them would come back as another date
        case DATE -> out.appendLong(Math.toIntExact(LocalDate.parse(s.strip()).toEpochDay()));
        case TIME -> out.appendLong(LocalTime.parse(s.strip()).toNanoOfDay() / 1000);
        case DATETIME -> out.appendLong(epochMicros(s.strip()));
        case CATEGORICAL -> {
          int code = ((CategoricalShape) shape).codeOf(s);
          if (code < 0) {
            throw new ValueException(field, "'" + s + "' is not one of the categories "
                + ((CategoricalShape) shape).categories());
          }
          out.appendLong(code);
        }
      }
    } catch (java.time.DateTimeException | ArithmeticException | IllegalArgumentException e) {
      throw mismatch("'" + s + "'");
    }
  }

  private void writeInteger(BigInteger big, long value) {
    if (kind == Kind.UINT64) {
      BigInteger v = big != null ? big : BigInteger.valueOf(value);
      if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
        throw outOfRange(v.toString());
      }
      out.appendLong(v.longValue());
      return;
    }
    if ((big != null && big.bitLength() > 63) || value < min || value > max) {
      throw outOfRange(big != null ? big.toString() : Long.toString(value));
    }
    out.appendLong(value);
  }

  /** A finite number too large for float32 (or float64) is refused, not stored as infinity. */
  private void writeFloat(double value, String text) {
    boolean overflows = shape == Primitive.FLOAT32 ? Float.isInfinite((float) value) : Double.isInfinite(value);
    if (overflows && !text.strip().toLowerCase(java.util.Locale.ROOT).contains("inf")) {
      throw outOfRange(text.strip());
    }
    out.appendDouble(value);
  }

  private void writeDecimal(BigDecimal value) {
    DecimalShape d = (DecimalShape) shape;
    BigDecimal scaled;
    try {
      scaled = value.setScale(d.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new ValueException(field, value.toPlainString() + " has more than " + d.scale()
          + " decimal places for " + shape);
    }
    if (scaled.precision() > d.precision() && scaled.unscaledValue().signum() != 0) {
      throw outOfRange(value.toPlainString());
    }
    if (d.precision() <= 18) {
      out.appendLong(scaled.unscaledValue().longValueExact());
    } else {
      out.appendDecimal128(Decimals.toLittleEndian(scaled.unscaledValue()));
    }
  }

  private void writeString(String s) {
    Integer maxLength = ((StringShape) shape).maxLength();
    if (maxLength != null && s.codePointCount(0, s.length()) > maxLength) {
      throw new ValueException(field, "'" + abbreviate(s) + "' is longer than the " + maxLength
          + " characters of " + shape);
    }
    out.appendString(s);
  }

  private void writeJson(JsonParser p) throws IOException {
    jsonText.reset();
    try (JsonGenerator g = JSON_FACTORY.createGenerator(jsonText)) {
      g.copyCurrentStructure(p);
    }
    out.appendBytes(jsonText.toByteArray());
  }

  private void writeJsonText(String s) {
    try (JsonParser p = JSON_FACTORY.createParser(s)) {
      if (p.nextToken() == null) {
        throw mismatch("empty text");
      }
      writeJson(p);
      if (p.nextToken() != null) {
        throw mismatch("'" + abbreviate(s) + "' (text after the JSON value)");
      }
    } catch (IOException e) {
      throw mismatch("'" + abbreviate(s) + "' (not JSON: " + e.getMessage() + ")");
    }
  }

  private long epochMicros(String s) {
    DateTimeShape dt = (DateTimeShape) shape;
    Instant instant;
    TemporalAccessor parsed = java.time.format.DateTimeFormatter.ISO_DATE_TIME
        .parseBest(s.replace(' ', 'T'), java.time.OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof java.time.OffsetDateTime odt) {
      instant = odt.toInstant();
    } else {
      ZoneId zone = dt.tz() == null ? java.time.ZoneOffset.UTC : ZoneId.of(dt.tz());
      instant = ((LocalDateTime) parsed).atZone(zone).toInstant();
    }
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static boolean parseBool(String s) {
    return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "t", "1", "yes" -> true;
      case "false", "f", "0", "no" -> false;
      default -> throw new IllegalArgumentException();
    };
  }

  private ValueException mismatch(String found) {
    return new ValueException(field, found + " is not a " + shape);
  }

  private ValueException outOfRange(String value) {
    return new ValueException(field, value + " is out of range for " + shape);
  }

  private static String describe(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string '" + abbreviate(p.getText()) + "'";
      case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
      default -> "the number " + p.getText();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static Kind kindOf(DataShape shape) {
    return switch (shape) {
      case Primitive p -> switch (p) {
        case BOOL -> Kind.BOOL;
        case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> Kind.INTEGER;
        case UINT64 -> Kind.UINT64;
        case FLOAT32, FLOAT64 -> Kind.FLOAT;
        case DATE -> Kind.DATE;
        case TIME -> Kind.TIME;
        case BYTES -> Kind.BYTES;
        case JSON -> Kind.JSON;
      };
      case DecimalShape d -> Kind.DECIMAL;
      case StringShape s -> Kind.STRING;
      case DateTimeShape dt -> Kind.DATETIME;
      case TimeDeltaShape td -> Kind.TIMEDELTA;
      case CategoricalShape c -> Kind.CATEGORICAL;
      default -> throw new IllegalArgumentException("no input conversion for " + shape);
    };
  }

  private static long[] range(Primitive p) {
    return switch (p) {
      case INT8 -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
      case INT16 -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
      case INT32 -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
      case UINT8 -> new long[] {0, 0xffL};
      case UINT16 -> new long[] {0, 0xffffL};
      case UINT32 -> new long[] {0, 0xffffffffL};
      default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    };
  }
}

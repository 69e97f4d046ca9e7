package org.blazedb.engine.datashape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Property: every shape, however built, prints to text that parses back to an equal shape. */
class DataShapeRandomRoundTripTest {
  private static final int SHAPES = 5000;

  /** Names chosen to hit quoting: keywords, punctuation, escapes, non-ASCII, empty. */
  private static final String[] NAMES = {
    "id", "name", "x_1", "_", "var", "type", "int64", "string", "True", "N", "a b", "a.b", "1st",
    "", "it's", "say \"hi\"", "back\\slash", "tab\there", "new\nline", "#hash", "{}", "caf\u00e9",
    "\u0001", "\u65e5\u672c"
  };
  private static final String[] UPPER = {"N", "M", "T", "Dims", "Elem_2", "X9"};

  private final Random random = new Random(20240611);

  @Test
  void randomShapesRoundTrip() {
    for (int i = 0; i < SHAPES; i++) {
      DataShape shape = shape(1 + random.nextInt(6));
      String text = DataShapePrinter.print(shape);
      DataShape parsed = DataShapeParser.parse(text);
      assertEquals(shape, parsed, text);
      assertEquals(text, DataShapePrinter.print(parsed));
      assertEquals(shape, DataShapeParser.parse(DataShapePrinter.printIndented(shape)), text);
    }
  }

  private DataShape shape(int depth) {
    int kinds = depth <= 0 ? 7 : 12;
    return switch (random.nextInt(kinds)) {
      case 0, 1 -> pick(Primitive.values());
      case 2 -> new TypeVarShape(pick(UPPER));
      case 3 -> {
        int precision = 1 + random.nextInt(DecimalShape.MAX_PRECISION);
        yield new DecimalShape(precision, random.nextInt(precision + 1));
      }
      case 4 ->
          new StringShape(
              random.nextBoolean() ? null : random.nextInt(1000),
              random.nextBoolean() ? null : pick(NAMES));
      case 5 -> new DateTimeShape(random.nextBoolean() ? null : pick(NAMES));
      case 6 -> new TimeDeltaShape(random.nextBoolean() ? TimeDeltaShape.DEFAULT_UNIT : pick(NAMES));
      case 7 -> new ArrayShape(dim(), shape(depth - 1));
      case 8 -> record(depth - 1);
      case 9 -> new TupleShape(shapes(depth - 1));
      case 10 -> shape(depth - 1).asOption();
      default ->
          new CategoricalShape(
              List.copyOf(distinctNames()),
              random.nextBoolean() ? StringShape.STRING : shape(depth - 1),
              random.nextBoolean());
    };
  }

  private Dim dim() {
    return switch (random.nextInt(5)) {
      case 0 -> new Dim.Fixed(random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(100));
      case 1 -> Dim.VAR;
      case 2 -> new Dim.Symbolic(pick(UPPER));
      case 3 -> new Dim.Ellipsis(null);
      default -> new Dim.Ellipsis(pick(UPPER));
    };
  }

  private RecordShape record(int depth) {
    List<RecordShape.Field> fields = new ArrayList<>();
    for (String name : distinctNames()) {
      fields.add(new RecordShape.Field(name, shape(depth)));
    }
    return new RecordShape(fields);
  }

  private List<DataShape> shapes(int depth) {
    List<DataShape> shapes = new ArrayList<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      shapes.add(shape(depth));
    }
    return shapes;
  }

  private Set<String> distinctNames() {
    Set<String> names = new LinkedHashSet<>();
    for (int n = random.nextInt(5); n > 0; n--) {
      names.add(pick(NAMES));
    }
    return names;
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }
}

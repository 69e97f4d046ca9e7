package org.blazedb.engine.datashape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import org.blazedb.engine.datashape.DataShapeLexer.Kind;
import org.blazedb.engine.datashape.DataShapeLexer.Token;

/**
 * Reads DataShape text, e.g. {@code var * {id: int64, name: ?string}}, by recursive descent.
 *
 * <p>A document is any number of definitions {@code type Name = T} followed by at most one type
 * expression. Definitions may use earlier ones by name; such references are replaced by the defined
 * shape. An uppercase name that is not defined is a type variable ({@link TypeVarShape}), or a
 * {@link Dim.Symbolic} dimension when followed by {@code *}. Every error is a {@link
 * DataShapeSyntaxException} giving the line and column.
 */
public final class DataShapeParser {

  /**
   * A parsed document.
   *
   * @param definitions the {@code type Name = T} definitions in document order
   * @param result the final type expression, or the last definition's type when there is none
   */
  public record Document(SequencedMap<String, DataShape> definitions, DataShape result) {
    public Document {
      definitions = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(definitions));
      Objects.requireNonNull(result, "result");
    }
  }

  /** Deeper nesting is refused so that hostile input fails with a syntax error, not a stack overflow. */
  private static final int MAX_DEPTH = 500;

  private final DataShapeLexer lexer;
  /** The lookahead token, read on demand; null once consumed. */
  private Token next;

  private final SequencedMap<String, DataShape> definitions = new LinkedHashMap<>();
  private final Map<String, Token> definedAt = new HashMap<>();
  /** The name whose definition is being parsed, so that a self-reference is refused. */
  private String defining;

  private int depth;

  private DataShapeParser(String text) {
    this.lexer = new DataShapeLexer(text);
  }

  /** The type {@code text} describes: its final type expression, or else its last definition. */
  public static DataShape parse(String text) {
    return parseDocument(text).result();
  }

  /** The definitions and the resulting type of {@code text}. */
  public static Document parseDocument(String text) {
    return new DataShapeParser(text).document();
  }

  private Document document() {
    DataShape result = null;
    while (!peek().is(Kind.EOF)) {
      if (peek().isIdent("type")) {
        result = definition();
      } else {
        result = type();
        expect(Kind.EOF, "end of input after the type");
      }
    }
    if (result == null) {
      throw expected("a type", peek());
    }
    return new Document(definitions, result);
  }

  /** {@code type Name = T}. */
  private DataShape definition() {
    advance();
    Token name = peek();
    if (!name.is(Kind.IDENT) || !isUppercase(name.text())) {
      throw expected("a type name starting with an uppercase letter after 'type'", name);
    }
    advance();
    Token first = definedAt.putIfAbsent(name.text(), name);
    if (first != null) {
      throw error(
          name,
          "expected a new type name but found '%s', already defined at %s",
          name.text(),
          where(first));
    }
    expect(Kind.EQUALS, "'=' after type name '" + name.text() + "'");
    defining = name.text();
    DataShape shape = type();
    defining = null;
    definitions.put(name.text(), shape);
    return shape;
  }

  private DataShape type() {
    Token start = peek();
    if (++depth > MAX_DEPTH) {
      throw error(start, "expected types nested at most %d deep but found deeper nesting", MAX_DEPTH);
    }
    DataShape shape =
        switch (start.kind()) {
          case QUESTION -> option();
          case LBRACE -> record();
          case LPAREN -> tuple();
          case INT -> array(new Dim.Fixed(longValue(advance(), "a dimension length")));
          case ELLIPSIS -> {
            advance();
            yield array(new Dim.Ellipsis(null));
          }
          case IDENT -> named();
          default -> throw expected("a type", start);
        };
    depth--;
    return shape;
  }

  /** {@code * element} after a dimension. */
  private ArrayShape array(Dim dim) {
    String text = DataShapePrinter.print(dim);
    if (!peek().is(Kind.STAR)) {
      throw error(peek(), "expected '*' after dimension '%s' but found %s", text, peek().describe());
    }
    advance();
    return new ArrayShape(dim, type());
  }

  /** A type or dimension that starts with an identifier. */
  private DataShape named() {
    Token t = advance();
    String name = t.text();
    if (name.equals("var")) {
      return array(Dim.VAR);
    }
    if (isUppercase(name)) {
      if (peek().is(Kind.ELLIPSIS)) {
        advance();
        return array(new Dim.Ellipsis(name));
      }
      if (peek().is(Kind.STAR)) {
        return array(new Dim.Symbolic(name));
      }
      if (name.equals(defining)) {
        throw error(t, "expected a type defined earlier but found '%s', which is being defined", name);
      }
      DataShape defined = definitions.get(name);
      return defined != null ? defined : new TypeVarShape(name);
    }
    if (peek().is(Kind.STAR)) {
      throw error(
          t, "expected a dimension (an integer, 'var', a type variable or '...') but found '%s'", name);
    }
    Primitive primitive = Primitive.byKeyword(name);
    if (primitive != null) {
      return primitive;
    }
    return switch (name) {
      case "string" -> string();
      case "decimal" -> decimal();
      case "datetime" -> dateTime();
      case "timedelta" -> timeDelta();
      case "categorical" -> categorical();
      default -> throw error(t, "expected a type but found unknown type '%s'", name);
    };
  }

  /** {@code ?T}; an option of an option is refused at the inner option. */
  private OptionShape option() {
    advance();
    Token innerStart = peek();
    DataShape inner = type();
    if (inner instanceof OptionShape) {
      throw error(
          innerStart,
          "expected a type that is not an option after '?' but found %s (??T is not a DataShape)",
          DataShapePrinter.print(inner));
    }
    return new OptionShape(inner);
  }

  /** {@code {name: T, ...}} with {@code ,} or {@code ;} between fields and an optional trailing one. */
  private RecordShape record() {
    advance();
    List<RecordShape.Field> fields = new ArrayList<>();
    Map<String, Token> seen = new HashMap<>();
    while (!peek().is(Kind.RBRACE)) {
      Token name = peek();
      if (!name.is(Kind.IDENT) && !name.is(Kind.STRING)) {
        throw expected("a field name or '}'", name);
      }
      advance();
      String quoted = DataShapePrinter.quote(name.text());
      Token first = seen.putIfAbsent(name.text(), name);
      if (first != null) {
        throw error(
            name,
            "expected a new field name but found duplicate field %s, first at %s",
            quoted,
            where(first));
      }
      expect(Kind.COLON, "':' after field name " + quoted);
      fields.add(new RecordShape.Field(name.text(), type()));
      if (!accept(Kind.COMMA) && !accept(Kind.SEMICOLON)) {
        expect(Kind.RBRACE, "',', ';' or '}' after field " + quoted);
        return new RecordShape(fields);
      }
    }
    advance();
    return new RecordShape(fields);
  }

  /** {@code (T1, T2, ...)} with an optional trailing comma. */
  private TupleShape tuple() {
    advance();
    List<DataShape> elements = new ArrayList<>();
    while (!peek().is(Kind.RPAREN)) {
      elements.add(type());
      if (!accept(Kind.COMMA)) {
        break;
      }
    }
    expect(Kind.RPAREN, "',' or ')' in tuple");
    return new TupleShape(elements);
  }

  /** {@code decimal[precision, scale]} or {@code decimal[precision]}. */
  private DecimalShape decimal() {
    expect(Kind.LBRACKET, "'[' after 'decimal'");
    Token precisionToken = peek();
    int precision = intValue("a precision in decimal[...]");
    if (precision < 1 || precision > DecimalShape.MAX_PRECISION) {
      throw error(
          precisionToken,
          "expected a decimal precision from 1 to %d but found %d",
          DecimalShape.MAX_PRECISION,
          precision);
    }
    int scale = 0;
    if (accept(Kind.COMMA)) {
      Token scaleToken = peek();
      scale = intValue("a scale in decimal[...]");
      if (scale > precision) {
        throw error(
            scaleToken,
            "expected a decimal scale from 0 to the precision %d but found %d",
            precision,
            scale);
      }
    }
    expect(Kind.RBRACKET, "']' to close decimal[...]");
    return new DecimalShape(precision, scale);
  }

  /** {@code string}, {@code string[N]}, {@code string[N, 'enc']} or {@code string['enc']}. */
  private StringShape string() {
    if (!accept(Kind.LBRACKET)) {
      return StringShape.STRING;
    }
    Integer length = null;
    String encoding = null;
    if (peek().is(Kind.INT)) {
      length = intValue("a length in string[...]");
      if (accept(Kind.COMMA)) {
        encoding = quotedValue("a quoted encoding after ',' in string[...]");
      }
    } else if (peek().is(Kind.STRING)) {
      encoding = advance().text();
    } else {
      throw expected("a length or a quoted encoding in string[...]", peek());
    }
    expect(Kind.RBRACKET, "']' to close string[...]");
    return new StringShape(length, encoding);
  }

  /** {@code datetime} or {@code datetime[tz='UTC']}. */
  private DateTimeShape dateTime() {
    if (!accept(Kind.LBRACKET)) {
      return DateTimeShape.NAIVE;
    }
    String tz = keywordValue("tz", "datetime");
    expect(Kind.RBRACKET, "']' to close datetime[...]");
    return new DateTimeShape(tz);
  }

  /** {@code timedelta} or {@code timedelta[unit='ms']}. */
  private TimeDeltaShape timeDelta() {
    if (!accept(Kind.LBRACKET)) {
      return new TimeDeltaShape(TimeDeltaShape.DEFAULT_UNIT);
    }
    String unit = keywordValue("unit", "timedelta");
    expect(Kind.RBRACKET, "']' to close timedelta[...]");
    return new TimeDeltaShape(unit);
  }

  /** {@code categorical[['a', 'b'], type=T, ordered=True]}; both keyword arguments are optional. */
  private CategoricalShape categorical() {
    expect(Kind.LBRACKET, "'[' after 'categorical'");
    expect(Kind.LBRACKET, "'[' to start the list of categories");
    List<String> categories = new ArrayList<>();
    while (!peek().is(Kind.RBRACKET)) {
      Token category = peek();
      if (!category.is(Kind.STRING)) {
        throw expected("a quoted category or ']'", category);
      }
      advance();
      if (categories.contains(category.text())) {
        throw error(category, "expected distinct categories but found %s twice", category.describe());
      }
      categories.add(category.text());
      if (!accept(Kind.COMMA)) {
        break;
      }
    }
    expect(Kind.RBRACKET, "',' or ']' in the list of categories");
    DataShape type = null;
    Boolean ordered = null;
    while (accept(Kind.COMMA)) {
      Token key = advance();
      if (key.isIdent("type") && type == null) {
        expect(Kind.EQUALS, "'=' after 'type'");
        type = type();
      } else if (key.isIdent("ordered") && ordered == null) {
        expect(Kind.EQUALS, "'=' after 'ordered'");
        ordered = bool();
      } else if (key.isIdent("type") || key.isIdent("ordered")) {
        throw error(key, "expected each keyword argument once but found '%s' again", key.text());
      } else {
        throw expected("'type=' or 'ordered=' in categorical[...]", key);
      }
    }
    expect(Kind.RBRACKET, "',' or ']' to close categorical[...]");
    return new CategoricalShape(
        categories, type == null ? StringShape.STRING : type, ordered != null && ordered);
  }

  private boolean bool() {
    Token t = advance();
    return switch (t.is(Kind.IDENT) ? t.text() : "") {
      case "True", "true" -> true;
      case "False", "false" -> false;
      default -> throw expected("True or False after 'ordered='", t);
    };
  }

  /** {@code key='value'} inside the brackets of {@code type}. */
  private String keywordValue(String key, String type) {
    Token t = peek();
    if (!t.isIdent(key)) {
      throw expected("'" + key + "=' in " + type + "[...]", t);
    }
    advance();
    expect(Kind.EQUALS, "'=' after '" + key + "'");
    return quotedValue("a quoted value after '" + key + "='");
  }

  private String quotedValue(String what) {
    return expect(Kind.STRING, what).text();
  }

  private int intValue(String what) {
    Token t = expect(Kind.INT, what);
    long value = longValue(t, what);
    if (value > Integer.MAX_VALUE) {
      throw error(t, "expected %s of at most %d but found %s", what, Integer.MAX_VALUE, t.text());
    }
    return (int) value;
  }

  private static long longValue(Token t, String what) {
    try {
      return Long.parseLong(t.text());
    } catch (NumberFormatException tooLong) {
      throw error(t, "expected %s of at most %d but found %s", what, Long.MAX_VALUE, t.text());
    }
  }

  private Token peek() {
    if (next == null) {
      next = lexer.next();
    }
    return next;
  }

  private Token advance() {
    Token t = peek();
    next = null;
    return t;
  }

  private boolean accept(Kind kind) {
    if (!peek().is(kind)) {
      return false;
    }
    advance();
    return true;
  }

  /** Consumes a token of {@code kind}, or fails saying {@code what} was expected. */
  private Token expect(Kind kind, String what) {
    if (!peek().is(kind)) {
      throw expected(what, peek());
    }
    return advance();
  }

  private static DataShapeSyntaxException expected(String what, Token found) {
    return error(found, "expected %s but found %s", what, found.describe());
  }

  private static DataShapeSyntaxException error(Token at, String format, Object... args) {
    return new DataShapeSyntaxException(String.format(format, args), at.line(), at.column());
  }

  private static String where(Token t) {
    return "line " + t.line() + ", column " + t.column();
  }

  private static boolean isUppercase(String name) {
    return name.charAt(0) >= 'A' && name.charAt(0) <= 'Z';
  }
}

package org.blazedb.engine.datashape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DataShape files that come with the Kiva sample data, written for the original Blaze. */
class KivaDataShapeTest {

  /**
   * The shared data folder lies beside the repository root; tests run in the module folder. The
   * system property {@code blaze.shared} names it when it is elsewhere.
   */
  private static String read(String file) throws IOException {
    Path path =
        Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/data/kiva").resolve(file);
    String property = System.getProperty("blaze.shared");
    if (!Files.exists(path) && property != null) {
      path = Path.of(property, "data/kiva", file);
    }
    assertTrue(Files.exists(path), "Kiva data not found at " + path + "; set -Dblaze.shared");
    return Files.readString(path);
  }

  private static DataShape field(DataShape record, String name) {
    RecordShape.Field field = assertInstanceOf(RecordShape.class, record).field(name);
    assertNotNull(field, "no field " + name);
    return field.type();
  }

  private static DataShape varElement(DataShape shape) {
    ArrayShape array = assertInstanceOf(ArrayShape.class, shape);
    assertEquals(Dim.VAR, array.dim());
    return array.element();
  }

  @Test
  void loans() throws IOException {
    DataShape loans = DataShapeParser.parse(read("loans.datashape"));
    DataShape loan = varElement(loans);

    DataShape borrower = varElement(field(loan, "borrowers"));
    assertEquals(
        List.of("first_name", "last_name", "gender", "pictured"),
        ((RecordShape) borrower).fields().stream().map(RecordShape.Field::name).toList());
    assertEquals(StringShape.STRING, field(borrower, "first_name"));
    assertEquals(new StringShape(1, null), field(borrower, "gender"));

    assertEquals(
        ArrayShape.varOf(new StringShape(2, null)), field(field(loan, "description"), "languages"));
    assertEquals(Primitive.JSON, field(field(loan, "description"), "texts"));
    assertEquals(new OptionShape(Primitive.FLOAT64), field(loan, "basket_amount"));
    assertEquals(Primitive.BOOL, field(loan, "delinquent"));
    assertEquals("{entries: int64, bulkEntries: int64}", field(loan, "journal_totals").toString());
    assertEquals(StringShape.STRING.asOption(), field(field(loan, "location"), "town"));
    assertEquals(loans, DataShapeParser.parse(loans.toString()));
  }

  @Test
  void lenders() throws IOException {
    DataShapeParser.Document doc = DataShapeParser.parseDocument(read("lenders.datashape"));
    assertEquals(List.of("KivaLender", "KivaLendersFile"), List.copyOf(doc.definitions().keySet()));
    DataShape lender = doc.definitions().get("KivaLender");
    assertEquals(doc.definitions().get("KivaLendersFile"), doc.result());

    assertEquals(ArrayShape.varOf(lender), field(doc.result(), "lenders"));
    assertEquals(
        "{total: int64, page: int64, date: string, page_size: int64}",
        field(doc.result(), "header").toString());
    assertEquals(14, ((RecordShape) lender).fields().size());
    assertEquals(Primitive.JSON, field(lender, "lender_id"));
    assertEquals("{id: int64, template_id: int64}", field(lender, "image").toString());
    assertEquals(Primitive.JSON, field(lender, "inviter_id"));
    assertEquals(doc.result(), DataShapeParser.parse(doc.result().toString()));
  }
}

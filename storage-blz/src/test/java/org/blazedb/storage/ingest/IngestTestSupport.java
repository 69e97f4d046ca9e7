package org.blazedb.storage.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTestSupport;

/** Loading that must fail, and the checks that it left nothing behind. */
final class IngestTestSupport {
  private IngestTestSupport() {}

  static LoadOptions withShape(String shape) {
    return LoadOptions.defaults().withShape(DataShapeParser.parse(shape)).withChunkRows(2);
  }

  /**
   * Loads {@code file} into a new table, expecting an {@link IngestException} whose message holds
   * every one of {@code parts}; the table must not exist afterwards and the database folder must
   * be empty.
   */
  static IngestException assertLoadFails(BlzDatabase db, Path file, LoadOptions options, String... parts) {
    IngestException e = assertThrows(IngestException.class,
        () -> Loader.load(db, "t", file, options, LoadProgress.NONE));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
    assertFalse(db.exists("t"), "a failed load leaves no table");
    assertEquals(List.of(), BlzTestSupport.entries(db.dir()), "a failed load leaves nothing in the database");
    return e;
  }
}

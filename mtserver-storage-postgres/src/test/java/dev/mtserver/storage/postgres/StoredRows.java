package dev.mtserver.storage.postgres;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads the submissions table back as an operator would, with plain SQL on its own connection. */
final class StoredRows {

  /** One row, decoded. */
  record Row(
      long id,
      Instant time,
      String path,
      String remoteAddress,
      List<FormField> fields,
      List<String> files) {}

  private StoredRows() {}

  static List<Row> all(TemporaryPostgres postgres, String database) throws SQLException {
    try (Connection connection = postgres.connect(database);
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT id, received_at, path, remote_address, files FROM mtserver_submissions"
                    + " ORDER BY id")) {
      List<Row> result = new ArrayList<>();
      while (rows.next()) {
        long id = rows.getLong(1);
        Array files = rows.getArray(5);
        result.add(
            new Row(
                id,
                rows.getObject(2, OffsetDateTime.class).toInstant(),
                rows.getString(3),
                rows.getString(4),
                fields(connection, id),
                List.of((String[]) files.getArray())));
      }
      return result;
    }
  }

  static long count(TemporaryPostgres postgres, String database) throws SQLException {
    try (Connection connection = postgres.connect(database);
        Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT count(*) FROM mtserver_submissions")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The fields of one row in their stored order, taken apart by the database's JSON functions. */
  private static List<FormField> fields(Connection connection, long id) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            """
            SELECT e.field->>'name', e.field->>'value'
              FROM mtserver_submissions s,
                   jsonb_array_elements(s.fields) WITH ORDINALITY AS e(field, position)
             WHERE s.id = ?
             ORDER BY e.position\
            """)) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        List<FormField> fields = new ArrayList<>();
        while (rows.next()) {
          fields.add(new FormField(rows.getString(1), rows.getString(2)));
        }
        return fields;
      }
    }
  }
}

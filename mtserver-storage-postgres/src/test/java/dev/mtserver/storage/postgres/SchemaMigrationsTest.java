package dev.mtserver.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.storage.postgres.SchemaMigrations.Migration;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {

  @Test
  void every_migration_file_is_listed_and_numbered_without_gaps() throws Exception {
    URL folder = SchemaMigrations.class.getResource("/db/migration");
    List<String> files;
    try (Stream<Path> listing = Files.list(Path.of(folder.toURI()))) {
      files = listing.map(p -> "db/migration/" + p.getFileName()).sorted().toList();
    }

    assertThat(SchemaMigrations.ALL.stream().map(Migration::resource).sorted().toList())
        .isEqualTo(files);
    assertThat(SchemaMigrations.ALL.stream().map(Migration::version).toList())
        .isEqualTo(IntStream.rangeClosed(1, SchemaMigrations.ALL.size()).boxed().toList());
  }

  @Test
  void each_listed_migration_can_be_read() {
    assertThat(SchemaMigrations.ALL).allSatisfy(m -> assertThat(m.sql()).contains("CREATE TABLE"));
  }
}

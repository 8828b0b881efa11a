package io.aurora.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectKeyTest {
  @TempDir
  Path warehouse;

  @Test
  void theWarehouseKeyIsCreatedOnceOwnerOnlyAndMapsIdentifiersStably() throws Exception {
    Configuration hadoop = new Configuration();
    assertThat(SubjectKey.openExisting(warehouse.toString(), hadoop)).isEmpty();
    assertThat(warehouse.resolve(SubjectKey.FOLDER)).doesNotExist();

    SubjectKey key = SubjectKey.openOrCreate(warehouse.toString(), hadoop);
    Path file = warehouse.resolve(SubjectKey.FOLDER).resolve("subject.key");
    assertThat(Files.size(file)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");

    SubjectKey again = SubjectKey.openOrCreate(warehouse.toString(), hadoop);
    SubjectKey existing = SubjectKey.openExisting(warehouse.toString(), hadoop).orElseThrow();
    assertThat(again.tenant("acme")).isEqualTo(key.tenant("acme")).isEqualTo(existing.tenant("acme"));
    assertThat(key.tenant("acme")).hasSize(64).doesNotContain("acme").isNotEqualTo(key.tenant("acme2"));
    assertThat(key.dataset("acme", "sales")).isNotEqualTo(key.dataset("acme", "sales2")).isNotEqualTo(key.tenant("acme"));
    // a tenant/dataset split cannot be shifted to collide
    assertThat(key.dataset("a", "b.c")).isNotEqualTo(key.dataset("a.b", "c"));
    // another warehouse, another key: subjects are not comparable across warehouses
    assertThat(SubjectKey.openOrCreate(warehouse.resolve("other").toString(), hadoop).tenant("acme")).isNotEqualTo(key.tenant("acme"));
  }
}

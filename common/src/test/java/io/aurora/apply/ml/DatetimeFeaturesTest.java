package io.aurora.apply.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatetimeFeaturesTest {
  @TempDir
  Path dir;

  private static int bit(String layout) {
    for (int b = 0; b < DateTexts.TEXT.size(); b++) {
      if (DateTexts.TEXT.get(b).name().equals(layout)) {
        return 1 << b;
      }
    }
    throw new IllegalArgumentException(layout);
  }

  private static String name(int b) {
    return DateTexts.TEXT.get(b).name();
  }

  @Test
  void aFurtherLayoutIsChosenOnlyForAShareOfValuesTheFirstDoesNotRead() {
    int mdy = bit("mdy-slash");
    int dmy = bit("dmy-slash");
    int iso = bit("iso");
    // 03/04/2020 is read both ways, 12/31/2020 only month-first, 31/12/2020 only day-first
    Map<Integer, Long> mixed = Map.of(mdy | dmy, 500L, mdy, 300L, dmy, 20L, iso, 180L, 0, 999L);
    assertThat(DatetimeFeatures.chooseLayouts(mixed, 4)).extracting(DatetimeFeaturesTest::name)
        .containsExactly("mdy-slash", "iso", "dmy-slash");
    // a tie goes to the earlier layout (month-first before day-first, as pandas' default)
    assertThat(DatetimeFeatures.chooseLayouts(Map.of(mdy | dmy, 10L), 4)).extracting(DatetimeFeaturesTest::name)
        .containsExactly("mdy-slash");
    // 5 of 1,000 readable values in another layout: under the 1 % a further layout needs
    assertThat(DatetimeFeatures.chooseLayouts(Map.of(iso, 995L, mdy, 5L), 4)).extracting(DatetimeFeaturesTest::name)
        .containsExactly("iso");
    assertThat(DatetimeFeatures.chooseLayouts(mixed, 1)).extracting(DatetimeFeaturesTest::name).containsExactly("mdy-slash");
    assertThat(DatetimeFeatures.chooseLayouts(Map.of(0, 50L), 4)).isEmpty();
  }

  /** A column that writes its dates two ways (comics' first appearances: {@code Aug-62} and ISO dates) is read whole. */
  @Test
  void aColumnMixingTwoWaysOfWritingDatesIsReadWhole() throws Exception {
    SparkSession spark = SharedSpark.session();
    StructType schema = new StructType().add("k", DataTypes.IntegerType).add("first", DataTypes.StringType)
        .add("plain", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      rows.add(RowFactory.create(i, "Aug-62", "2021-03-04"));
    }
    for (int i = 70; i < 99; i++) {
      rows.add(RowFactory.create(i, "1939-05-17", "2021-03-04"));
    }
    rows.add(RowFactory.create(99, "unknown", "2021-03-04"));
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    DatetimeFeaturesModel model = new DatetimeFeatures().setInputCols("first", "plain").setOutputPrefixes("f", "p").fit(data);
    assertThat(model.getLayouts()).containsExactly("month-name-yy|iso", "iso");

    model.write().overwrite().save(dir.resolve("model").toString());
    DatetimeFeaturesModel loaded = DatetimeFeaturesModel.load(dir.resolve("model").toString());
    assertThat(loaded.getLayouts()).containsExactly("month-name-yy|iso", "iso");
    List<Row> out = loaded.transform(data).orderBy("k").select("f_year", "f_month", "f_day", "p_year").collectAsList();
    assertThat(out.get(0).toSeq().mkString(",")).isEqualTo("1962.0,8.0,1.0,2021.0");
    assertThat(out.get(70).toSeq().mkString(",")).isEqualTo("1939.0,5.0,17.0,2021.0");
    assertThat(out.get(99).isNullAt(0)).as("a value no layout reads is missing").isTrue();
    assertThat(out.stream().filter(r -> !r.isNullAt(0)).count()).isEqualTo(99);
  }
}

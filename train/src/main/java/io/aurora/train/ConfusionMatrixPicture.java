package io.aurora.train;

import io.aurora.recommend.Action;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The confusion matrix as a PNG a person reads in MLflow's UI: each row shaded by its share, counts written in. */
final class ConfusionMatrixPicture {
  private static final int CELL = 46;
  private static final int LEFT = 130;
  private static final int TOP = 130;

  private ConfusionMatrixPicture() {}

  static byte[] png(long[][] confusion, String title) {
    int k = confusion.length;
    BufferedImage img = new BufferedImage(LEFT + k * CELL + 20, TOP + k * CELL + 20, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.setColor(Color.BLACK);
      g.drawString(title, 10, 18);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      g.drawString("rows: true action, columns: predicted", 10, 34);
      Action[] actions = Action.values();
      for (int i = 0; i < k; i++) {
        g.setColor(Color.BLACK);
        g.drawString(actions[i].wireName(), 6, TOP + i * CELL + CELL / 2 + 4);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.translate(LEFT + i * CELL + CELL / 2 + 4, TOP - 6);
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(actions[i].wireName(), 0, 0);
        rotated.dispose();
        long rowTotal = 0;
        for (long v : confusion[i]) {
          rowTotal += v;
        }
        for (int j = 0; j < k; j++) {
          double share = rowTotal == 0 ? 0 : confusion[i][j] / (double) rowTotal;
          int shade = (int) Math.round(255 * (1 - share));
          g.setColor(i == j ? new Color(shade, 255, shade) : new Color(255, shade, shade));
          g.fillRect(LEFT + j * CELL, TOP + i * CELL, CELL, CELL);
          g.setColor(Color.LIGHT_GRAY);
          g.drawRect(LEFT + j * CELL, TOP + i * CELL, CELL, CELL);
          if (confusion[i][j] > 0) {
            g.setColor(Color.BLACK);
            String s = Long.toString(confusion[i][j]);
            g.drawString(s, LEFT + j * CELL + (CELL - g.getFontMetrics().stringWidth(s)) / 2, TOP + i * CELL + CELL / 2 + 4);
          }
        }
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

package dev.ali4j.trainer.report;

import dev.ali4j.trainer.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Markup for pages that open offline: text escaped, pictures embedded as {@code data:} URIs, the
 * style inline, no script and no address outside the page.
 */
final class Html {

    private static final String STYLE = """
            body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#1d232b;background:#fff;
              max-width:1150px;margin:24px auto;padding:0 16px;line-height:1.4}
            h1{font-size:1.6em;margin:0 0 6px}
            h2{font-size:1.25em;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid #dde3ea}
            h3{font-size:1.05em;margin:18px 0 6px}
            .lead{color:#44505c;margin:0 0 12px}
            nav a{margin-right:14px;color:#1f5fa8}
            table{border-collapse:collapse;margin:8px 0 16px;font-size:.92em}
            th,td{border:1px solid #d3d9e0;padding:4px 10px;text-align:left;vertical-align:top}
            th{background:#eef2f6}
            tr:nth-child(even) td{background:#f8fafc}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .charts{display:flex;flex-wrap:wrap;gap:12px}
            .charts img{max-width:100%;border:1px solid #e1e6eb}
            .bars figure{width:542px}
            table.runs td:first-child{white-space:nowrap}
            details{margin:8px 0}
            summary{cursor:pointer;color:#1f5fa8}
            img.grid{width:440px;max-width:100%;image-rendering:pixelated;border:1px solid #e1e6eb}
            figure{margin:0 0 12px}
            figcaption{font-size:.85em;color:#55616d}
            .note{color:#7a4b00}
            footer{margin-top:40px;font-size:.85em;color:#6b7682}
            code{font-family:"DejaVu Sans Mono",monospace;font-size:.92em}
            """;

    private Html() {}

    /** {@code text} safe inside an element or a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The whole page: the title escaped, {@code body} as given (already markup). */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + body
                + "<footer>Written by ali4j " + escape(String.valueOf(Versions.ALI4J)) + ". Self-contained: "
                + "pictures are embedded, nothing is loaded from elsewhere.</footer>\n</body>\n</html>\n";
    }

    /** An {@code img} whose picture is embedded. */
    static String image(Path png, String cssClass, String alt) throws IOException {
        return image(Files.readAllBytes(png), cssClass, alt);
    }

    static String image(byte[] png, String cssClass, String alt) {
        return "<img class=\"" + cssClass + "\" alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">";
    }

    /** A header row of escaped labels; long metric names may break after an underscore. */
    static String headerRow(List<String> labels) {
        StringBuilder row = new StringBuilder("<tr>");
        labels.forEach(label -> row.append("<th>").append(escape(label).replace("_", "_<wbr>")).append("</th>"));
        return row.append("</tr>\n").toString();
    }

    static String cell(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    static String numberCell(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }

    /** {@code value} with {@code decimals} decimals; a missing value (NaN) as a dash. */
    static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A metric with four significant digits: 0.01540, 213.2. */
    static String metric(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4g", value);
    }
}

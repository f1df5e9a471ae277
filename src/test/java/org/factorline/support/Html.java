package org.factorline.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough reading of rendered pages for MockMvc tests: elements by id, their text, and which form
 * controls lack a label. The pages are our own templates, so a few patterns suffice.
 */
public final class Html {

    private static final Pattern CONTROL = Pattern.compile("<(input|select|textarea)\\b([^>]*)>", Pattern.DOTALL);
    private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("\\btype=\"([^\"]*)\"");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private final String html;

    private Html(String html) {
        this.html = html;
    }

    public static Html of(String html) {
        return new Html(html);
    }

    public String source() {
        return html;
    }

    public boolean hasId(String id) {
        return html.contains("id=\"" + id + "\"");
    }

    /** The start tag of the element with this id. */
    public String tag(String id) {
        Matcher m = Pattern.compile("<[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>")
                .matcher(html);
        if (!m.find()) {
            throw new AssertionError("no element with id " + id);
        }
        return m.group();
    }

    public String value(String id) {
        Matcher m = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(tag(id));
        return m.find() ? unescape(m.group(1)) : "";
    }

    /** The text of the element with this id, tags removed and white space collapsed. */
    public String text(String id) {
        Matcher start = Pattern.compile("<(\\w+)[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>")
                .matcher(html);
        if (!start.find()) {
            throw new AssertionError("no element with id " + id);
        }
        String name = start.group(1);
        int depth = 1;
        Matcher m = Pattern.compile("<(/?)" + name + "\\b[^>]*>").matcher(html);
        int from = start.end();
        while (m.find(from)) {
            depth += m.group(1).isEmpty() ? 1 : -1;
            if (depth == 0) {
                return plain(html.substring(start.end(), m.start()));
            }
            from = m.end();
        }
        return plain(html.substring(start.end()));
    }

    /** Visible text of the whole page. */
    public String text() {
        return plain(html);
    }

    /** Form controls (other than hidden ones) that no {@code <label for>} points at. */
    public List<String> unlabelledControls() {
        List<String> missing = new ArrayList<>();
        Matcher m = CONTROL.matcher(html);
        while (m.find()) {
            String attrs = m.group(2);
            Matcher type = TYPE.matcher(attrs);
            if (type.find() && type.group(1).equals("hidden")) {
                continue;
            }
            Matcher id = ID.matcher(attrs);
            if (!id.find() || !html.contains("for=\"" + id.group(1) + "\"")) {
                missing.add(m.group());
            }
        }
        return missing;
    }

    private static String plain(String fragment) {
        return unescape(TAG.matcher(fragment).replaceAll(" "))
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}

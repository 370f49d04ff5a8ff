package io.familymeeting.signaling.store;

/**
 * The path syntax every store shares: {@code collection/doc/collection/doc...}, segments
 * separated by {@code /}. Knows nothing of which collections exist (that is the signaling
 * contract, {@code schema.Paths}).
 */
public final class DocumentPaths {
    private DocumentPaths() {
    }

    /** The last segment of a path. */
    public static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The path of the collection holding a document ({@code rooms/r1/participants/p1} -> {@code rooms/r1/participants}). */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** The id of the collection holding a document ({@code participants}). */
    public static String collectionId(String path) {
        return id(parent(path));
    }

    /** Document paths have an even number of segments, each non-empty. */
    public static boolean isDocumentPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return false;
        }
        String[] parts = path.split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                return false;
            }
        }
        return parts.length % 2 == 0;
    }
}

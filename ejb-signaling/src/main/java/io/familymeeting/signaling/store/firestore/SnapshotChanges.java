package io.familymeeting.signaling.store.firestore;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns Firestore snapshots into store {@link DocumentChange}s against what a listener
 * already reported ({@code known}: path to fields, updated in place). After a listener is
 * re-attached its first snapshot is compared in full ("resync"), so documents that did not
 * change while it was away are not reported again, changed ones come as {@code MODIFIED}
 * and ones deleted meanwhile as {@code REMOVED}.
 *
 * <p>Not thread-safe; {@link SupervisedListener} calls it under its own lock.
 */
final class SnapshotChanges {
    private SnapshotChanges() {
    }

    static List<DocumentChange> ofQuery(QuerySnapshot snapshot, Map<String, Map<String, Object>> known, boolean resync) {
        List<DocumentChange> out = new ArrayList<>();
        if (resync) {
            Set<String> seen = new HashSet<>();
            for (QueryDocumentSnapshot d : snapshot.getDocuments()) {
                String path = d.getReference().getPath();
                seen.add(path);
                present(path, FirestoreValues.fromFirestore(d.getData()), known, out);
            }
            for (Iterator<Map.Entry<String, Map<String, Object>>> it = known.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Map<String, Object>> e = it.next();
                if (!seen.contains(e.getKey())) {
                    out.add(new DocumentChange(DocumentChange.Type.REMOVED, new Document(e.getKey(), e.getValue())));
                    it.remove();
                }
            }
            return out;
        }
        for (com.google.cloud.firestore.DocumentChange c : snapshot.getDocumentChanges()) {
            QueryDocumentSnapshot d = c.getDocument();
            String path = d.getReference().getPath();
            Map<String, Object> data = FirestoreValues.fromFirestore(d.getData());
            if (c.getType() == com.google.cloud.firestore.DocumentChange.Type.REMOVED) {
                absent(path, data, known, out);
            } else {
                present(path, data, known, out);
            }
        }
        return out;
    }

    private static void present(String path, Map<String, Object> data, Map<String, Map<String, Object>> known, List<DocumentChange> out) {
        Map<String, Object> before = known.put(path, data);
        if (before == null) {
            out.add(new DocumentChange(DocumentChange.Type.ADDED, new Document(path, data)));
        } else if (!before.equals(data)) {
            out.add(new DocumentChange(DocumentChange.Type.MODIFIED, new Document(path, data)));
        }
    }

    private static void absent(String path, Map<String, Object> lastData, Map<String, Map<String, Object>> known, List<DocumentChange> out) {
        Map<String, Object> before = known.remove(path);
        if (before != null) {
            out.add(new DocumentChange(DocumentChange.Type.REMOVED, new Document(path, lastData != null ? lastData : before)));
        }
    }
}

package io.familymeeting.web.console;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.signaling.mdb.SignalingRuntime;
import jakarta.inject.Inject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.util.List;

/**
 * The console's first page (admin/index.xhtml): this instance and the rooms its engine
 * serves. Read-only; one snapshot per request.
 */
@Named("console")
@RequestScoped
public class ConsoleView {
    @Inject
    private SignalingRuntime runtime;

    private EngineSnapshot engine;
    private List<RoomSnapshot> rooms;
    private String error = "";

    private void load() {
        if (engine != null) {
            return;
        }
        try (MediaConnection c = runtime.media()) {
            engine = c.engine();
            rooms = c.rooms();
        } catch (MediaException e) {
            error = e.getMessage();
            engine = new EngineSnapshot(false, false, 0, List.of(), false, 0, 0, 0);
            rooms = List.of();
        }
    }

    public String getInstanceId() {
        return runtime.instanceId();
    }

    public String getBackend() {
        return runtime.store().backend();
    }

    public boolean isDraining() {
        return runtime.isDraining();
    }

    public EngineSnapshot getEngine() {
        load();
        return engine;
    }

    public List<RoomSnapshot> getRooms() {
        load();
        return rooms;
    }

    public String getError() {
        load();
        return error;
    }
}

package io.familymeeting.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/**
 * The console pages' bean (admin/index.xhtml, admin/rooms.xhtml): one status snapshot per
 * request from {@link ConsoleService}, as view records. The pages then refresh themselves
 * from {@code /api/admin/status} (admin/console.js).
 */
@Named("console")
@RequestScoped
public class ConsoleView {
    @Inject
    private ConsoleService service;

    private ConsoleStatus status;

    private ConsoleStatus status() {
        if (status == null) {
            status = service.status();
        }
        return status;
    }

    public InstanceView getInstance() {
        return status().instance();
    }

    public List<RoomView> getRooms() {
        return status().rooms();
    }

    public String getError() {
        return status().instance().error();
    }
}

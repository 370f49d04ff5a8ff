package io.familymeeting.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The console pages' bean (admin/index.xhtml): the instance fields of one status snapshot per
 * request from {@link ConsoleService}, so the page shows them before its script runs. The
 * pages then refresh themselves from {@code /api/admin/status}, and the room list is drawn
 * only there (admin/console.js).
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

    public String getError() {
        return status().instance().error();
    }
}

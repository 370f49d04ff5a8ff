package io.familymeeting.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Whether a request outside the console's own routes comes from an admin: a logged-in
 * console session ({@link LoginServlet}). The meeting API uses it to let the operator
 * list, view and retitle rooms in token mode (access.RoomAccess). Does not guard the
 * console ({@link AdminFilter} does).
 */
public final class AdminRequests {
    private AdminRequests() {
    }

    public static boolean isAdmin(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(AdminFilter.SESSION_USER) != null;
    }
}

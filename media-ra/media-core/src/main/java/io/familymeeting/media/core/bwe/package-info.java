/**
 * Send-side bandwidth estimation towards a viewer, from the transport-wide congestion control
 * feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) the viewer's browser sends
 * about the packets the SFU stamped with its own transport-wide sequence numbers:
 * {@link io.familymeeting.media.core.bwe.SendHistory} remembers when each went out,
 * {@link io.familymeeting.media.core.bwe.SendSideEstimator} turns the feedback into an
 * estimate with a delay-based part ({@link io.familymeeting.media.core.bwe.TrendlineDetector},
 * in the manner of Google Congestion Control, draft-ietf-rmcat-gcc-02 §5) and a loss-based part
 * (§6). Nothing here sends packets: probing and the choice of layers use the estimate elsewhere.
 */
package io.familymeeting.media.core.bwe;

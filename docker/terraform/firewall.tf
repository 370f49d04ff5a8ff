# Browsers send ICE, DTLS and SRTP to every media node's external address on one UDP port.
resource "google_compute_firewall" "media_udp" {
  name        = "${var.cluster_name}-media-udp"
  network     = var.network
  direction   = "INGRESS"
  description = "WebRTC media (ICE/DTLS/SRTP) to family-meeting's media nodes"

  allow {
    protocol = "udp"
    ports    = [tostring(var.media_port)]
  }

  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["family-meeting-media"]

  depends_on = [google_project_service.services]
}

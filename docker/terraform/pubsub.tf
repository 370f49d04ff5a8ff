# Scale-out (docs/scale-out.md): the monitor publishes unowned room ids; broadcast
# instances compete for them and nack when at capacity, so another instance takes it.
resource "google_pubsub_topic" "rooms" {
  name                       = var.pubsub_topic
  message_retention_duration = "600s"
  depends_on                 = [google_project_service.services]
}

resource "google_pubsub_subscription" "broadcast" {
  name                       = var.pubsub_subscription
  topic                      = google_pubsub_topic.rooms.id
  ack_deadline_seconds       = 30
  message_retention_duration = "600s"

  retry_policy {
    minimum_backoff = "1s"
    maximum_backoff = "10s"
  }

  expiration_policy {
    ttl = ""
  }
}

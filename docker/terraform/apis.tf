locals {
  services = [
    "artifactregistry.googleapis.com",
    "cloudtrace.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "firebaserules.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
  ]
}

resource "google_project_service" "services" {
  for_each           = toset(local.services)
  service            = each.value
  disable_on_destroy = false
}

# Images of docker/micro/Dockerfile: REGION-docker.pkg.dev/PROJECT/family-meeting/family-meeting.
resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = "family-meeting"
  format        = "DOCKER"
  depends_on    = [google_project_service.services]
}

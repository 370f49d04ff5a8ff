output "app_service_account_email" {
  description = "Put into docker/k8s/overlays/production (iam.gke.io/gcp-service-account)."
  value       = google_service_account.app.email
}

output "image_repository" {
  description = "Push docker/micro's image here."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/family-meeting"
}

output "get_credentials" {
  description = "Command that points kubectl at the cluster."
  value       = "gcloud container clusters get-credentials ${google_container_cluster.main.name} --zone ${var.zone} --project ${var.project_id}"
}

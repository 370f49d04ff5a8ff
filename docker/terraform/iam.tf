# The application's identity: a Google service account that the Kubernetes service
# account (docker/k8s/base/serviceaccount.yaml) impersonates through Workload Identity.
resource "google_service_account" "app" {
  account_id   = var.app_service_account
  display_name = "family-meeting media server"
}

resource "google_project_iam_member" "app" {
  for_each = toset([
    "roles/datastore.user",          # Firestore documents
    "roles/monitoring.metricWriter", # OTel metrics (collector sidecar)
    "roles/cloudtrace.agent",        # OTel traces (collector sidecar)
  ])
  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.app.email}"
}

resource "google_pubsub_topic_iam_member" "app_publisher" {
  topic  = google_pubsub_topic.rooms.id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_service_account.app.email}"
}

resource "google_pubsub_subscription_iam_member" "app_subscriber" {
  subscription = google_pubsub_subscription.broadcast.id
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${google_service_account.app.email}"
}

# ACCESS_MODE=token on Firestore: the pages sign in with Firebase custom tokens the server
# makes (POST /meeting/api/auth/firebase-token). Without a key file, firebase-admin signs
# them through the IAM credentials API (signBlob) as the app's own account.
resource "google_service_account_iam_member" "app_token_creator" {
  service_account_id = google_service_account.app.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_service_account.app.email}"
}

resource "google_service_account_iam_member" "app_workload_identity" {
  service_account_id = google_service_account.app.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[${var.k8s_namespace}/${var.k8s_service_account}]"
  depends_on         = [google_container_cluster.main]
}

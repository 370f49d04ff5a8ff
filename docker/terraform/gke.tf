# GKE cluster with Workload Identity; media runs on a node pool whose nodes have external
# IPs (public nodes), reached on UDP var.media_port through a hostPort.
resource "google_container_cluster" "main" {
  name     = var.cluster_name
  location = var.zone
  network  = var.network

  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = true
  networking_mode          = "VPC_NATIVE"
  ip_allocation_policy {}

  release_channel {
    channel = "REGULAR"
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  depends_on = [google_project_service.services]
}

resource "google_service_account" "nodes" {
  account_id   = "${var.cluster_name}-nodes"
  display_name = "family-meeting GKE nodes"
}

resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/artifactregistry.reader",
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
  ])
  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

resource "google_container_node_pool" "media" {
  name     = "media"
  cluster  = google_container_cluster.main.id
  location = var.zone

  autoscaling {
    min_node_count = var.media_min_nodes
    max_node_count = var.media_max_nodes
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  # One media pod per node (hostPort): surge a node, never take one away before its
  # replacement is up; the pods' termination grace lets meetings drain.
  upgrade_settings {
    max_surge       = 1
    max_unavailable = 0
  }

  network_config {
    enable_private_nodes = false
  }

  node_config {
    machine_type    = var.media_machine_type
    disk_size_gb    = 50
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    # docker/k8s/base/deployment.yaml selects these nodes.
    labels = {
      "family-meeting/media" = "true"
    }
    # docker/terraform/firewall.tf opens the media port on these nodes.
    tags = ["family-meeting-media"]

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    # Let the media socket get the SO_RCVBUF / SO_SNDBUF it asks for.
    linux_node_config {
      sysctls = {
        "net.core.rmem_max" = tostring(var.udp_buffer_bytes)
        "net.core.wmem_max" = tostring(var.udp_buffer_bytes)
      }
    }
  }
}

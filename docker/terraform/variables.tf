variable "project_id" {
  description = "Google Cloud project (GOOGLE_CLOUD_PROJECT of the application; PROJECT_ID in docker/k8s/overlays/production)."
  type        = string
}

variable "region" {
  description = "Region of the node pool's zone, the image repository and Pub/Sub."
  type        = string
  default     = "europe-west1"
}

variable "zone" {
  description = "Zone of the (zonal) GKE cluster."
  type        = string
  default     = "europe-west1-b"
}

variable "firestore_location" {
  description = "Firestore database location (multi-region eur3, nam5, or a region)."
  type        = string
  default     = "eur3"
}

variable "network" {
  description = "VPC network of the cluster and the media firewall rule."
  type        = string
  default     = "default"
}

variable "cluster_name" {
  description = "GKE cluster name."
  type        = string
  default     = "family-meeting"
}

variable "media_machine_type" {
  description = "Machine type of the media nodes: one media pod per node (hostPort)."
  type        = string
  default     = "c2d-standard-4"
}

variable "media_min_nodes" {
  description = "Fewest media nodes: at least the Deployment's replicas."
  type        = number
  default     = 3
}

variable "media_max_nodes" {
  description = "Most media nodes."
  type        = number
  default     = 10
}

variable "media_port" {
  description = "UDP media port (MEDIA_PORT) opened to the internet on the media nodes."
  type        = number
  default     = 10000
}

variable "udp_buffer_bytes" {
  description = "Kernel ceiling for socket buffers (net.core.rmem_max / wmem_max): at least MEDIA_RECEIVE_BUFFER_BYTES / MEDIA_SEND_BUFFER_BYTES."
  type        = number
  default     = 4194304
}

variable "pubsub_topic" {
  description = "PUBSUB_TOPIC: the monitor publishes unowned rooms here."
  type        = string
  default     = "family-meeting-rooms"
}

variable "pubsub_subscription" {
  description = "PUBSUB_SUBSCRIPTION: broadcast instances consume it (competing consumers)."
  type        = string
  default     = "family-meeting-rooms-broadcast"
}

variable "app_service_account" {
  description = "account_id of the application's Google service account."
  type        = string
  default     = "family-meeting"
}

variable "k8s_namespace" {
  description = "Kubernetes namespace of the application (docker/k8s/base/kustomization.yaml)."
  type        = string
  default     = "family-meeting"
}

variable "k8s_service_account" {
  description = "Kubernetes service account of the pods (docker/k8s/base/serviceaccount.yaml)."
  type        = string
  default     = "family-meeting"
}

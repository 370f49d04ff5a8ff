/**
 * Reduces RTCPeerConnection.getStats() to the few numbers the room page shows and the
 * automated browser tests assert on (window.fm.stats()). Same shape as the Java peer
 * harness's PeerStats:
 *
 *   {connectionState,
 *    video: [{mid, framesDecoded, frameWidth, frameHeight, packetsReceived}],  inbound, per stream
 *    audio: {packetsReceived, bytesReceived},                                  inbound, summed
 *    outbound: {packetsSent, bytesSent, framesEncoded, availableOutgoingBitrate}}
 *
 * availableOutgoingBitrate (bits/s) comes from the selected ICE candidate pair and is null
 * until one is selected. Nothing here changes the connection.
 */
export async function collectStats(pc) {
  const empty = {
    connectionState: pc ? pc.connectionState : 'new',
    video: [],
    audio: { packetsReceived: 0, bytesReceived: 0 },
    outbound: { packetsSent: 0, bytesSent: 0, framesEncoded: 0, availableOutgoingBitrate: null }
  };
  if (!pc) {
    return empty;
  }
  const report = await pc.getStats();
  const result = empty;
  for (const s of report.values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      result.video.push({
        mid: s.mid === undefined ? null : s.mid,
        framesDecoded: s.framesDecoded || 0,
        frameWidth: s.frameWidth || 0,
        frameHeight: s.frameHeight || 0,
        packetsReceived: s.packetsReceived || 0
      });
    } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      result.audio.packetsReceived += s.packetsReceived || 0;
      result.audio.bytesReceived += s.bytesReceived || 0;
    } else if (s.type === 'outbound-rtp') {
      result.outbound.packetsSent += s.packetsSent || 0;
      result.outbound.bytesSent += s.bytesSent || 0;
      result.outbound.framesEncoded += s.framesEncoded || 0;
    }
  }
  const pair = selectedPair(report);
  if (pair && typeof pair.availableOutgoingBitrate === 'number') {
    result.outbound.availableOutgoingBitrate = pair.availableOutgoingBitrate;
  }
  result.video.sort((a, b) => String(a.mid).localeCompare(String(b.mid), 'en', { numeric: true }));
  return result;
}

function selectedPair(report) {
  for (const s of report.values()) {
    if (s.type === 'transport' && s.selectedCandidatePairId) {
      return report.get(s.selectedCandidatePairId) || null;
    }
  }
  for (const s of report.values()) {
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
      return s;
    }
  }
  return null;
}

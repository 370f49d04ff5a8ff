/**
 * The page's one Firebase app and Firestore instance, from the Firebase web config that
 * GET /api/config serves on the Firestore backend (io.familymeeting.web.api.FirebaseWebConfig):
 *   firebase           {apiKey, authDomain, projectId} for initializeApp
 *   firestoreEmulator  "host:port" of a Firestore emulator, or null
 *   signIn             "anonymous" (what the security rules need) | "none"
 *   authEmulator       "host:port" of a Firebase Auth emulator to sign in at, or null
 * The SDK is the build's bundle js/vendor/firebase-firestore.js (no CDN at run time).
 * Used by the "firestore" signaling backend (firestore.js) and the broadcast page.
 */
import {
  initializeApp, getFirestore, connectFirestoreEmulator, getAuth, connectAuthEmulator, signInAnonymously
} from '../vendor/firebase-firestore.js';
import { SignalingError } from './errors.js';

let opened = null;
let signedIn = null;

/** {uid, ms} of this page's anonymous sign-in (ms: how long it took), or null when not signed in. */
export function signInState() {
  return signedIn;
}

/** Resolves to the Firestore instance, signed in when the config says so; same one on each call. */
export function openFirestore(config) {
  if (!opened) {
    opened = connect(config).catch((e) => {
      opened = null;
      throw e;
    });
  }
  return opened;
}

async function connect(config) {
  const options = config && config.firebase;
  if (!options || !options.projectId) {
    throw new SignalingError('the server sent no Firebase configuration (GET /api/config has no firebase.projectId)');
  }
  const app = initializeApp(options, 'family-meeting');
  const db = getFirestore(app);
  if (config.firestoreEmulator) {
    const at = config.firestoreEmulator.lastIndexOf(':');
    connectFirestoreEmulator(db, config.firestoreEmulator.slice(0, at),
      Number(config.firestoreEmulator.slice(at + 1)));
  }
  if (config.signIn === 'anonymous') {
    const started = performance.now();
    try {
      const auth = getAuth(app);
      if (config.authEmulator) {
        connectAuthEmulator(auth, 'http://' + config.authEmulator, { disableWarnings: true });
      }
      const credential = await signInAnonymously(auth);
      signedIn = { uid: credential.user.uid, ms: Math.round(performance.now() - started) };
    } catch (e) {
      throw new SignalingError('Firebase anonymous sign-in failed: ' + (e.code || e.message));
    }
  }
  return db;
}

/** What a permission-denied means for this page (the rules want a signed-in user: firestore.rules). */
function refusal() {
  return 'the Firestore security rules refused it (permission-denied)' + (signedIn ? ''
    : '; this page is not signed in to Firebase (the server\'s FIREBASE_SIGN_IN is "none")');
}

/** Firestore values as the pages see them on every backend: Timestamps become ISO strings. */
export function plain(value) {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (typeof value.toDate === 'function') {
    return value.toDate().toISOString();
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = plain(v);
  }
  return out;
}

/** A Firestore write that the server has not confirmed within timeoutMs rejects (it may still land). */
export function confirmed(promise, what, timeoutMs) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new SignalingError(what + ': Firestore did not confirm the write within '
      + Math.round(timeoutMs / 1000) + ' s (offline?)')), timeoutMs);
  });
  return Promise.race([promise, timeout]).then((v) => {
    clearTimeout(timer);
    return v;
  }, (e) => {
    clearTimeout(timer);
    if (e instanceof SignalingError) {
      throw e;
    }
    const error = new SignalingError(what + ': ' + (e.code === 'permission-denied' ? refusal() : (e.code || e.message || e)));
    error.code = e.code;
    throw error;
  });
}

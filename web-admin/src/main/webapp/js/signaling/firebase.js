/**
 * The page's one Firebase app and Firestore instance, from the Firebase web config that
 * GET /api/config serves on the Firestore backend (io.familymeeting.web.api.FirebaseWebConfig):
 *   firebase           {apiKey, authDomain, projectId} for initializeApp
 *   firestoreEmulator  "host:port" of a Firestore emulator, or null
 *   signIn             "anonymous" (ACCESS_MODE=open: what the security rules need),
 *                      "token" (ACCESS_MODE=token: the page's join token for its room is
 *                      exchanged for a Firebase custom token, firebase-token.js, and the
 *                      page signs in with it: signInWithInvite) | "none"
 *   authEmulator       "host:port" of a Firebase Auth emulator to sign in at, or null
 * The SDK is the build's bundle js/vendor/firebase-firestore.js (no CDN at run time).
 * Used by the "firestore" signaling backend (firestore.js) and the broadcast page, which
 * stamp what they create with the signed-in user's uid (stamped()): the rules let only that
 * user read or change it.
 */
import {
  initializeApp, getFirestore, connectFirestoreEmulator, getAuth, connectAuthEmulator, signInAnonymously,
  signInWithCustomToken
} from '../vendor/firebase-firestore.js';
import { SignalingError } from './errors.js';
import { exchangeJoinToken } from './firebase-token.js';

let opened = null;
let firebase = null;
let signedIn = null;
let signInMode = null;

/**
 * {uid, ms, method: "anonymous" | "token", claims} of this page's sign-in (ms: how long it
 * took; claims: the invite's room, roles, identity, displayName with a token), or null when
 * not signed in.
 */
export function signInState() {
  return signedIn;
}

/** data with this page's uid in it (uid: what the rules check); data itself when not signed in. */
export function stamped(data) {
  return signedIn ? Object.assign({}, data, { uid: signedIn.uid }) : data;
}

/**
 * Resolves to the Firestore instance, signed in anonymously when the config says so; same one
 * on each call. With signIn "token" the page signs in later, per room: signInWithInvite().
 */
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
  const { db, auth } = instances(config);
  signInMode = config.signIn;
  if (config.signIn === 'anonymous') {
    signedIn = await signInAnonymousUser(auth());
  }
  return db;
}

/**
 * signIn "token": exchanges the page's join token for roomId (POST {apiBase}/auth/firebase-token)
 * and signs in with the custom token; resolves to the sign-in state. Once signed in for a
 * room, later calls for it resolve at once.
 */
export async function signInWithInvite(config, apiBase, roomId, joinToken) {
  await openFirestore(config);
  if (signedIn && signedIn.claims && signedIn.claims.room === roomId) {
    return signedIn;
  }
  const started = performance.now();
  const exchange = await exchangeJoinToken(apiBase, roomId, joinToken);
  try {
    const credential = await signInWithCustomToken(instances(config).auth(), exchange.customToken);
    signedIn = { uid: credential.user.uid, ms: Math.round(performance.now() - started), method: 'token', claims: exchange.claims };
    return signedIn;
  } catch (e) {
    throw new SignalingError('Firebase sign-in with the invite failed: ' + (e.code || e.message));
  }
}

/** The app, Firestore and (when asked for) Auth instances: made once, also when a sign-in failed and is tried again. */
function instances(config) {
  if (!firebase) {
    const app = initializeApp(config.firebase, 'family-meeting');
    const db = getFirestore(app);
    if (config.firestoreEmulator) {
      const at = config.firestoreEmulator.lastIndexOf(':');
      connectFirestoreEmulator(db, config.firestoreEmulator.slice(0, at),
        Number(config.firestoreEmulator.slice(at + 1)));
    }
    let auth = null;
    firebase = {
      db,
      auth: () => {
        if (!auth) {
          auth = getAuth(app);
          if (config.authEmulator) {
            connectAuthEmulator(auth, 'http://' + config.authEmulator, { disableWarnings: true });
          }
        }
        return auth;
      }
    };
  }
  return firebase;
}

async function signInAnonymousUser(auth) {
  const started = performance.now();
  try {
    const credential = await signInAnonymously(auth);
    return { uid: credential.user.uid, ms: Math.round(performance.now() - started), method: 'anonymous', claims: null };
  } catch (e) {
    throw new SignalingError('Firebase anonymous sign-in failed: ' + (e.code || e.message));
  }
}

/** What a permission-denied means for this page (the rules want a signed-in user: firestore.rules). */
function refusal() {
  let why = '';
  if (!signedIn) {
    why = signInMode === 'token' ? '; this page has not signed in with an invite'
      : '; this page is not signed in to Firebase (the server\'s FIREBASE_SIGN_IN is "none")';
  }
  return 'the Firestore security rules refused it (permission-denied)' + why;
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

// The Firebase JS SDK functions the meeting pages use (js/signaling/firestore.js,
// js/broadcast.js), bundled into one ES module: js/vendor/firebase-firestore.js.
export { initializeApp } from 'firebase/app';
export { getAuth, connectAuthEmulator, signInAnonymously, signInWithCustomToken } from 'firebase/auth';
export {
  getFirestore, connectFirestoreEmulator, doc, collection, getDoc, getDocs, setDoc,
  updateDoc, onSnapshot, Timestamp
} from 'firebase/firestore';

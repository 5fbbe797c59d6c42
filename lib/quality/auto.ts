import type { Db } from "@/db/client";
import { sendTask } from "@/lib/jobs/tasks";
import { qualityPreferences } from "./preferences";

/**
 * After a compare turn's answers are saved: when the user turned on "assess every compare" and has
 * a judge, queue the assessment (task `assess-turn`) so it runs in the background, off the stream.
 * A failure to queue never fails the turn.
 */
export async function requestAutoAssessment(db: Db, userId: string, turnId: string): Promise<boolean> {
  try {
    const prefs = await qualityPreferences(db, userId);
    if (!prefs.autoAssessCompare || !prefs.judgeModelId) return false;
    await sendTask(db, { kind: "assess-turn", userId, turnId });
    return true;
  } catch (err) {
    console.error("quality: could not queue the automatic assessment", err);
    return false;
  }
}

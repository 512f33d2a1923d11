import type { Queue } from 'bullmq';

export class JobFailedError extends Error {
  readonly code = 'REPORT_JOB.FAILED';
}

/**
 * Waits for a job by polling its state. (QueueEvents can miss a job that finishes before its
 * first blocking read starts; the job's own state cannot be missed.)
 */
export async function waitForJob<R>(queue: Queue, jobId: string, timeoutMs: number): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed') {
      // Read the job after its state: a job read before finishing has no result yet.
      const job = await queue.getJob(jobId);
      if (!job) throw new JobFailedError(`Job ${jobId} is gone`);
      if (state === 'completed') return job.returnvalue as R;
      throw new JobFailedError(job.failedReason || `Job ${jobId} failed`);
    }
    if (state === 'unknown') throw new JobFailedError(`Job ${jobId} is gone`);
    if (Date.now() > deadline) throw new JobFailedError(`Job ${jobId} did not finish within ${timeoutMs} ms (state ${state})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

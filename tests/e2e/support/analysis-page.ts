import type { Page } from '@playwright/test';
import { chooseMenu, panel } from './workspace-page';

/**
 * Opens the Analysis and Jobs panels from the menu; answers their content
 * locators. Jobs opens last so it floats on top, where its buttons can be clicked.
 */
export async function openAnalysis(page: Page) {
  await chooseMenu(page, 'Analysis', 'Open analysis');
  await chooseMenu(page, 'Analysis', 'Open jobs');
  return { jobs: panel(page, 'jobs-1'), analysis: panel(page, 'analysis-1') };
}

/** Picks a file in the Analysis panel, as a user choosing a recording does. */
export async function chooseRecording(page: Page, name: string, buffer: Buffer, mimeType = 'audio/wav'): Promise<void> {
  await panel(page, 'analysis-1').getByTestId('analysis-file').setInputFiles({ name, mimeType, buffer });
}

/** A job card in the Jobs panel, by the title it shows (the file name). */
export function jobCard(jobs: ReturnType<typeof panel>, title: string) {
  return jobs.locator('article.job', { has: jobs.page().locator('.title', { hasText: title }) });
}

export const FINISHED = /^completed(-with-fallback)?$/;

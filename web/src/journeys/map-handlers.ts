import type { Message, Stage, Touchpoint } from '../../../common/journeys/model.ts';
import type { CustomerSelection } from './journey-paths.ts';
import type { JourneyActions } from './use-journey.ts';

/** What the parts of the map can ask the map page to do. */
export interface MapHandlers {
  actions: JourneyActions;
  /** Opens the side panel listing the customers behind a number; `title` names the number. */
  openCustomers(selection: CustomerSelection, title: string): void;
  editTouchpoint(stageId: string, touchpoint?: Touchpoint): void;
  editMessage(stageId: string, message?: Message): void;
  addStage(index: number): void;
  deleteStage(stage: Stage): void;
}

import '../../common/tracing-start';
import 'reflect-metadata';
import { runSubgraph } from '../../common/run-subgraph';
import { sessionsSubgraph } from './sessions.subgraph';

void runSubgraph(sessionsSubgraph);
